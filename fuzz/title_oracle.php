<?php
// MediaWiki's own answer for `rcfeed title` input: one title per stdin line
// (a JSON string literal is decoded first, as rcfeed title does), one JSON
// object per line with the same fields. Run inside a MediaWiki install:
//   MW_CONFIG_FILE=/path/LocalSettings.php php fuzz/title_oracle.php < titles.txt
// With WEB=1 in the environment, each title is first cleaned up as
// WebRequest does (UtfNormal\Validator::cleanUp), like `rcfeed title --web`.

$mwRoot = getenv( 'MW_INSTALL_PATH' ) ?: '/usr/share/mediawiki';
require_once "$mwRoot/maintenance/Maintenance.php";

class TitleOracle extends Maintenance {
	public function execute() {
		$in = fopen( 'php://stdin', 'r' );
		while ( ( $line = fgets( $in ) ) !== false ) {
			if ( substr( $line, -1 ) === "\n" ) {
				$line = substr( $line, 0, -1 );
			}
			if ( $line !== '' && $line[0] === '"' ) {
				$decoded = json_decode( $line );
				if ( is_string( $decoded ) ) {
					$line = $decoded;
				}
			}
			if ( getenv( 'WEB' ) ) {
				$line = UtfNormal\Validator::cleanUp( $line );
			}
			$r = [ 'input_hex' => bin2hex( $line ) ];
			try {
				$t = Title::newFromTextThrow( $line );
				$r += [ 'valid' => true, 'error' => null, 'namespace' => $t->getNamespace(),
					'prefixed_text' => $t->getPrefixedText(), 'prefixed_dbkey' => $t->getPrefixedDBkey(),
					'fragment' => $t->getFragment(), 'interwiki' => $t->getInterwiki(),
					'canonical_url' => $t->getCanonicalURL() ];
			} catch ( MalformedTitleException $e ) {
				$r += [ 'valid' => false, 'error' => $e->getErrorMessage(), 'namespace' => null,
					'prefixed_text' => null, 'prefixed_dbkey' => null, 'fragment' => null,
					'interwiki' => null, 'canonical_url' => null ];
			}
			echo json_encode( $r, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE ), "\n";
		}
	}
}

$maintClass = TitleOracle::class;
require_once RUN_MAINTENANCE_IF_MAIN;
