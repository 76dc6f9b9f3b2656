#!/usr/bin/env bash
# MediaWiki's core JSONRCFeedFormatter (PHP) and rcfeed's formatter on the
# same changes, in one run: the fixture wiki's recentchanges rows are
# formatted by PHP in a timed loop (FormatRecentChanges.php), then the lines
# PHP wrote are formatted by rcfeed (rcfeed_bench --lines). Prints both rates
# per core and their ratio.
#
# Usage: bench/php/compare.sh RCFEED_BENCH [--install]
# Without Debian's mediawiki and php-cli (php-sqlite3, php-mbstring,
# php-xml, php-intl) it says so and exits 0, unless --install is given, in
# which case it installs them with apt-get first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bench="${1:?usage: compare.sh RCFEED_BENCH [--install]}"
mw=/usr/share/mediawiki
packages=(mediawiki php-cli php-sqlite3 php-mbstring php-xml php-intl)

have_php() {
  command -v php >/dev/null && [ -f "$mw/maintenance/Maintenance.php" ] &&
    php -r 'exit(extension_loaded("pdo_sqlite") && extension_loaded("mbstring") && extension_loaded("intl") ? 0 : 1);'
}
if ! have_php; then
  if [ "${2:-}" != --install ]; then
    echo "PHP comparison skipped: needs Debian's ${packages[*]} (bench/php/compare.sh RCFEED_BENCH --install installs them)"
    exit 0
  fi
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fixture="$root/fixtures/mw139-en"
db_name="$(php -r 'echo json_decode(file_get_contents($argv[1]), true)["db_name"];' "$fixture/wiki.json")"
cp "$fixture/enwiki.sqlite" "$work/$db_name.sqlite"
mkdir "$work/cache"

echo "PHP $(php -r 'echo PHP_VERSION;'), MediaWiki $(sed -n "s/.*'MW_VERSION', '\([^']*\)'.*/\1/p" "$mw/includes/Defines.php")"
MW_INSTALL_PATH="$mw" MW_CONFIG_FILE="$here/LocalSettings.php" RCFEED_WIKI_JSON="$fixture/wiki.json" \
  RCFEED_SQLITE_DIR="$work" php "$here/FormatRecentChanges.php" --lines="$work/lines.jsonl" --seconds=3 \
  > "$work/php.txt"
php_rate="$(awk '$1 == "events_per_second" {print $2}' "$work/php.txt")"
rows="$(awk '$1 == "rows" {print $2}' "$work/php.txt")"

"$bench" --lines="$work/lines.jsonl" --benchmark_filter='Formatter/lines' --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true --benchmark_min_time=1 > "$work/rcfeed.txt" 2> "$work/rcfeed.err" ||
  { cat "$work/rcfeed.err" >&2; exit 1; }
rcfeed_rate="$(awk '$1 == "lines" {print $5}' "$work/rcfeed.txt")"

echo
printf '%-58s %12s\n' "$rows recentchanges rows of fixtures/mw139-en" "events/s"
printf '%-58s %12.0f\n' "PHP: RecentChange::newFromRow + JSONRCFeedFormatter" "$php_rate"
printf '%-58s %12.0f\n' "rcfeed: the same rows' lines -> EventBus events" "$rcfeed_rate"
awk -v a="$rcfeed_rate" -v b="$php_rate" \
  'BEGIN { printf "rcfeed / PHP JSONRCFeedFormatter: %.1fx (a lower bound of rcfeed / PHP EventBus)\n", a / b }'
awk -v a="$rcfeed_rate" \
  'BEGIN { printf "rcfeed / quoted PHP EventBusRCFeedFormatter (12,800-14,300 events/s): %.1fx-%.1fx\n", a / 14300, a / 12800 }'
