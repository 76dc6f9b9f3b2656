<?php
/**
 * Formats every recentchanges row of a wiki with MediaWiki's own core
 * JSONRCFeedFormatter, in a timed loop, and writes each row's line once to
 * a file so that rcfeed can format the same changes.
 *
 * Each pass turns every row into a RecentChange (RecentChange::newFromRow)
 * and formats it (JSONRCFeedFormatter::getLine), which is what MediaWiki
 * does for a UDP feed entry, minus the log entry's IRC action comment, which
 * is passed as null. The rate is changes per CPU-second of this process
 * (user + system), one core.
 *
 * Usage: php FormatRecentChanges.php --lines=FILE [--seconds=S]
 * with MW_INSTALL_PATH set to MediaWiki's directory and MW_CONFIG_FILE to
 * the wiki's LocalSettings.php.
 */

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';

use MediaWiki\MediaWikiServices;

class FormatRecentChanges extends Maintenance {
	private const TEXT_FIELDS = [ 'rc_title', 'rc_timestamp', 'rc_ip', 'rc_params', 'rc_log_type',
		'rc_log_action', 'rc_comment_text', 'rc_comment_data', 'rc_user_text' ];

	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Time JSONRCFeedFormatter::getLine over every recentchanges row' );
		$this->addOption( 'lines', 'File to write one formatted line per row to', true, true );
		$this->addOption( 'seconds', 'Minimum CPU seconds to spend formatting (default 3)', false, true );
	}

	private static function cpuSeconds(): float {
		$u = getrusage();
		return $u['ru_utime.tv_sec'] + $u['ru_utime.tv_usec'] / 1e6
			+ $u['ru_stime.tv_sec'] + $u['ru_stime.tv_usec'] / 1e6;
	}

	public function execute() {
		$dbr = MediaWikiServices::getInstance()->getDBLoadBalancer()->getConnection( DB_REPLICA );
		$query = RecentChange::getQueryInfo();
		$rows = iterator_to_array( $dbr->select(
			$query['tables'], $query['fields'], [], __METHOD__, [ 'ORDER BY' => 'rc_id' ], $query['joins']
		) );
		if ( !$rows ) {
			$this->fatalError( 'no recentchanges rows' );
		}
		// The database returns every column as a string; a change being
		// saved, which is when MediaWiki feeds it, holds its numbers as
		// integers, and the packet shows them so.
		foreach ( $rows as $row ) {
			foreach ( $row as $field => $value ) {
				if ( $value !== null && !in_array( $field, self::TEXT_FIELDS, true ) && is_numeric( $value ) ) {
					$row->$field = (int)$value;
				}
			}
		}
		$feed = [ 'formatter' => JSONRCFeedFormatter::class, 'uri' => 'udp://127.0.0.1:9390' ];
		$formatter = new JSONRCFeedFormatter();

		$out = fopen( $this->getOption( 'lines' ), 'w' );
		foreach ( $rows as $row ) {
			fwrite( $out, $formatter->getLine( $feed, RecentChange::newFromRow( $row ), null ) . "\n" );
		}
		fclose( $out );

		$minSeconds = (float)$this->getOption( 'seconds', 3 );
		$formatted = 0;
		$bytes = 0;
		$start = self::cpuSeconds();
		do {
			foreach ( $rows as $row ) {
				$bytes += strlen( $formatter->getLine( $feed, RecentChange::newFromRow( $row ), null ) );
				$formatted++;
			}
			$spent = self::cpuSeconds() - $start;
		} while ( $spent < $minSeconds );

		printf( "rows %d\nformatted %d\nbytes %d\ncpu_seconds %.3f\nevents_per_second %.0f\n",
			count( $rows ), $formatted, $bytes, $spent, $formatted / $spent );
	}
}

$maintClass = FormatRecentChanges::class;
require_once RUN_MAINTENANCE_IF_MAIN;
