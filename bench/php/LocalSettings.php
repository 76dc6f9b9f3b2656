<?php
/**
 * A LocalSettings.php for a copy of a fixture wiki's SQLite database, built
 * from the fixture's wiki.json (the settings the wiki ran with). Read by
 * FormatRecentChanges.php through MW_CONFIG_FILE.
 *
 * Environment: RCFEED_WIKI_JSON (the fixture's wiki.json) and
 * RCFEED_SQLITE_DIR (a directory holding <db_name>.sqlite, writable).
 */

if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}

$rcfeedWiki = json_decode( file_get_contents( getenv( 'RCFEED_WIKI_JSON' ) ), true );
foreach ( $rcfeedWiki['settings'] as $rcfeedName => $rcfeedValue ) {
	$GLOBALS[$rcfeedName] = $rcfeedValue;
}
// Nothing is saved, so no feed or extension is needed.
$wgRCFeeds = [];

$wgSitename = $rcfeedWiki['sitename'];
$wgDBtype = 'sqlite';
$wgDBname = $rcfeedWiki['db_name'];
$wgSQLiteDataDir = getenv( 'RCFEED_SQLITE_DIR' );
$wgCacheDirectory = getenv( 'RCFEED_SQLITE_DIR' ) . '/cache';
$wgMainCacheType = CACHE_NONE;
$wgSecretKey = str_repeat( '0', 64 );
$wgLocaltimezone = $rcfeedWiki['timezone'];
