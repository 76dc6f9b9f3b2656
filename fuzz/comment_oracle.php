<?php
// MediaWiki's own parsedcomment: one JSON array [namespace, title, comment]
// per stdin line, one JSON string per stdout line, rendered as EventBus does
// (CommentFormatter::format with the change's title). Run inside a MediaWiki
// install whose database holds the pages rcfeed is given with --db:
//   MW_CONFIG_FILE=/path/LocalSettings.php php fuzz/comment_oracle.php < cases.jsonl

$mwRoot = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$mwRoot/maintenance/Maintenance.php";

class CommentOracle extends Maintenance {
	public function execute() {
		$formatter = MediaWiki\MediaWikiServices::getInstance()->getCommentFormatter();
		$in = fopen( 'php://stdin', 'r' );
		while ( ( $line = fgets( $in ) ) !== false ) {
			[ $ns, $title, $comment ] = json_decode( $line, true );
			$self = Title::newFromText( $title, $ns );
			echo json_encode( $formatter->format( $comment, $self ),
				JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE ), "\n";
		}
	}
}

$maintClass = CommentOracle::class;
require_once RUN_MAINTENANCE_IF_MAIN;
