// Loading rcfeed.json: what a good file gives, and the error each kind of
// bad file gives (file, key path, reason).

#include <gtest/gtest.h>

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "Fixtures.h"
#include "TempDir.h"
#include "engine/EventBusConfig.h"
#include "engine/EventBusFactory.h"
#include "rcfeed/Config.h"

namespace rcfeed {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    doc.Parse(R"({
      "wiki": "siteinfo.json",
      "RCFeeds": {
        "main": {
          "class": "EventBusRCFeedEngine",
          "formatter": "EventBusRCFeedFormatter",
          "eventServiceName": "eventgate-main"
        }
      },
      "EventServices": {
        "eventgate-main": { "url": "http://127.0.0.1:8192/v1/events", "timeout": 5 },
        "eventgate-analytics": { "url": "https://eventgate.example.org/v1/events" }
      },
      "EventServiceDefault": "eventgate-main",
      "EnableEventBus": "TYPE_EVENT"
    })");
    ASSERT_FALSE(doc.HasParseError());
    dir.write("siteinfo.json", test::readFile("mw139-en/siteinfo.json"));
  }

  void set(const char* pointer, const std::string& json) {
    rapidjson::Document v(&doc.GetAllocator());
    v.Parse(json.c_str());
    ASSERT_FALSE(v.HasParseError()) << json;
    rapidjson::Pointer(pointer).Set(doc, v);
  }
  void erase(const char* pointer) { rapidjson::Pointer(pointer).Erase(doc); }

  std::string text() const {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    doc.Accept(w);
    return buf.GetString();
  }

  Config load() { return loadConfig(dir.write("rcfeed.json", text())); }

  // The load fails with "<dir>/rcfeed.json: <keyPath>: ...<reason>...".
  void expectError(const std::string& keyPath, const std::string& reason) {
    try {
      load();
      ADD_FAILURE() << "loaded without error; expected " << keyPath << ": " << reason;
    } catch (const ConfigError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find("rcfeed.json: " + keyPath + ": "), std::string::npos) << msg;
      EXPECT_NE(msg.find(reason), std::string::npos) << msg;
    }
  }

  rapidjson::Document doc;
  test::TempDir dir;
};

TEST_F(ConfigTest, LoadsAFeedWithItsServiceAndWiki) {
  Config c = load();
  ASSERT_EQ(c.feeds.size(), 1u);
  const RCFeedConfig& f = c.feeds[0];
  EXPECT_EQ(f.name, "main");
  EXPECT_EQ(f.eventService, "eventgate-main");
  EXPECT_EQ(f.wiki->wikiId, "enwiki");
  EXPECT_EQ(f.wikiPath, dir.path() + "/siteinfo.json");
  EXPECT_EQ(f.profile, OutputProfile::MW139);  // from the wiki's generator, MediaWiki 1.39
  EXPECT_EQ(f.source.type, SourceConfig::Type::None);
  EXPECT_EQ(c.eventBus.enableEventBus, TYPE_EVENT);
  EXPECT_EQ(c.eventBus.services.at("eventgate-main").timeout, std::chrono::seconds(5));
  EXPECT_EQ(c.eventBus.services.at("eventgate-analytics").timeout, std::chrono::seconds(10));
  EXPECT_EQ(c.eventBus.producer.maxBatchBytes, 4194304u);
}

TEST_F(ConfigTest, ReadsProducerSettingsAndStreamNamesMap) {
  set("/EventBusMaxBatchByteSize", "65536");
  set("/producer", R"({"max_batch_events":50,"connect_timeout_ms":750,"keepalive_idle_ms":1000,"max_response_bytes":4096})");
  set("/EventBusStreamNamesMap", R"({"mediawiki.page_change.v1":"rc1.mediawiki.page_change.v1"})");
  Config c = load();
  const ProducerSettings& p = c.eventBus.producer;
  EXPECT_EQ(p.maxBatchBytes, 65536u);
  EXPECT_EQ(p.maxBatchEvents, 50u);
  EXPECT_EQ(p.connectTimeout, std::chrono::milliseconds(750));
  EXPECT_EQ(p.keepAliveIdle, std::chrono::milliseconds(1000));
  EXPECT_EQ(p.maxResponseBytes, 4096u);
  EXPECT_EQ(c.eventBus.resolveStreamName("mediawiki.page_change.v1"), "rc1.mediawiki.page_change.v1");
  EXPECT_EQ(c.eventBus.resolveStreamName("mediawiki.recentchange"), "mediawiki.recentchange");
}

TEST_F(ConfigTest, AcceptsMediaWikiNamespacedClassNames) {
  set("/RCFeeds/main/class", R"("MediaWiki\\Extension\\EventBus\\Adapters\\RCFeed\\EventBusRCFeedEngine")");
  set("/RCFeeds/main/formatter", R"("MediaWiki\\Extension\\EventBus\\Adapters\\RCFeed\\EventBusRCFeedFormatter")");
  EXPECT_EQ(load().feeds.size(), 1u);
}

TEST_F(ConfigTest, FeedsKeepFileOrder) {
  set("/RCFeeds/zeta", R"({"class":"EventBusRCFeedEngine"})");
  set("/RCFeeds/alpha", R"({"class":"EventBusRCFeedEngine","omit_bots":true,"channel":"#en"})");
  Config c = load();
  ASSERT_EQ(c.feeds.size(), 3u);
  EXPECT_EQ(c.feeds[1].name, "zeta");
  EXPECT_EQ(c.feeds[2].name, "alpha");
  EXPECT_TRUE(c.feeds[2].omitBots);
  ASSERT_TRUE(c.feeds[2].channel.has_value());
  EXPECT_EQ(*c.feeds[2].channel, PhpValue(std::string("#en")));
}

TEST_F(ConfigTest, ServiceTimeoutZeroOrNullMeansTenSeconds) {
  set("/EventServices/eventgate-main/timeout", "0");
  EXPECT_EQ(load().eventBus.services.at("eventgate-main").timeout, std::chrono::seconds(10));
  set("/EventServices/eventgate-main/timeout", "null");
  EXPECT_EQ(load().eventBus.services.at("eventgate-main").timeout, std::chrono::seconds(10));
  set("/EventServices/eventgate-main/timeout", "0.1");
  EXPECT_EQ(load().eventBus.services.at("eventgate-main").timeout, std::chrono::milliseconds(100));
}

TEST_F(ConfigTest, FeedWithoutServiceNameUsesTheStreamDestination) {
  erase("/RCFeeds/main/eventServiceName");
  set("/EventStreams", R"({"mediawiki.recentchange":{"destination_event_service":"eventgate-analytics"}})");
  EXPECT_EQ(load().feeds[0].eventService, "eventgate-analytics");
}

TEST_F(ConfigTest, FeedServiceNameWinsOverTheStreamDestination) {
  set("/EventStreams", R"({"mediawiki.recentchange":{"destination_event_service":"eventgate-analytics"}})");
  EXPECT_EQ(load().feeds[0].eventService, "eventgate-main");
}

TEST_F(ConfigTest, FeedWithoutServiceNameOrStreamUsesTheDefault) {
  erase("/RCFeeds/main/eventServiceName");
  set("/EventServiceDefault", R"("eventgate-analytics")");
  EXPECT_EQ(load().feeds[0].eventService, "eventgate-analytics");
}

TEST_F(ConfigTest, ReadsUdpDbAndReplaySources) {
  set("/RCFeeds/main/source", R"({"type":"udp","listen":"[::1]:9391","allow":["10.0.0.0/8","::1"],"recv_buffer_bytes":1048576,
                                          "spool":"spool/enwiki","spool_max_bytes":1048576,"spool_fsync":"interval"})");
  Config c = load();
  const auto& udp = c.feeds[0].source.udp;
  EXPECT_EQ(c.feeds[0].source.type, SourceConfig::Type::Udp);
  EXPECT_EQ(udp.host, "::1");
  EXPECT_EQ(udp.port, 9391);
  ASSERT_EQ(udp.allow.size(), 2u);
  EXPECT_EQ(udp.allow[0].address, "10.0.0.0");
  EXPECT_EQ(udp.allow[0].prefixBits, 8u);
  EXPECT_TRUE(udp.allow[1].ipv6);
  EXPECT_EQ(udp.allow[1].prefixBits, 128u);
  EXPECT_EQ(udp.recvBufferBytes, 1048576u);
  EXPECT_EQ(udp.spoolDir, dir.path() + "/spool/enwiki");
  EXPECT_EQ(udp.spoolMaxBytes, 1048576u);
  EXPECT_EQ(udp.spoolFsync, UdpSourceConfig::Fsync::Interval);

  set("/RCFeeds/main/source", R"({"type":"db","dsn":"sqlite:wiki.sqlite","state":"state/enwiki.checkpoint","poll_ms":250,"batch":50,
                                          "table_prefix":"mw_","gap_grace_ms":2000})");
  c = load();
  const auto& db = c.feeds[0].source.db;
  EXPECT_EQ(db.backend, DbSourceConfig::Backend::SQLite);
  EXPECT_EQ(db.sqlitePath, dir.path() + "/wiki.sqlite");
  EXPECT_EQ(db.statePath, dir.path() + "/state/enwiki.checkpoint");
  EXPECT_EQ(db.poll, std::chrono::milliseconds(250));
  EXPECT_EQ(db.batch, 50u);
  EXPECT_EQ(db.tablePrefix, "mw_");
  EXPECT_EQ(db.gapGrace, std::chrono::milliseconds(2000));

  set("/RCFeeds/main/source", R"({"type":"db","dsn":"mysql://rcfeed@db1.example.org/enwiki","state":"/var/lib/x","password_env":"RCFEED_DB_PASSWORD"})");
  c = load();
  EXPECT_EQ(c.feeds[0].source.db.backend, DbSourceConfig::Backend::MySQL);
  EXPECT_EQ(c.feeds[0].source.db.user, "rcfeed");
  EXPECT_EQ(c.feeds[0].source.db.host, "db1.example.org");
  EXPECT_EQ(c.feeds[0].source.db.port, 3306);
  EXPECT_EQ(c.feeds[0].source.db.database, "enwiki");
  EXPECT_EQ(c.feeds[0].source.db.passwordEnv, "RCFEED_DB_PASSWORD");

  set("/RCFeeds/main/source", R"({"type":"replay"})");
  EXPECT_EQ(load().feeds[0].source.type, SourceConfig::Type::Replay);
}

TEST_F(ConfigTest, PerFeedWikiOverridesTheGlobalOne) {
  dir.write("de.json", test::readFile("titles/siteinfo/de.json"));
  set("/RCFeeds/dewiki", R"({"class":"EventBusRCFeedEngine","wiki":"de.json"})");
  Config c = load();
  EXPECT_EQ(c.feeds[0].wiki->lang, "en");
  EXPECT_EQ(c.feeds[1].wiki->lang, "de");
}

// --- bad configurations ---

TEST_F(ConfigTest, InvalidJsonNamesTheLine) {
  try {
    loadConfig(dir.write("rcfeed.json", "{\n  \"RCFeeds\": {\n    \"main\": { ,\n  }\n}"));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("rcfeed.json: line 3: not valid JSON"), std::string::npos) << e.what();
  }
}

TEST_F(ConfigTest, MissingFileIsAnError) {
  EXPECT_THROW(loadConfig(dir.path() + "/nope.json"), ConfigError);
}

TEST_F(ConfigTest, UnknownTopLevelSettingIsAnError) {
  set("/wgRCFeeds", "{}");
  expectError("wgRCFeeds", "unknown setting");
}

TEST_F(ConfigTest, UnknownFeedSettingIsAnError) {
  set("/RCFeeds/main/omit_bot", "true");
  expectError("RCFeeds.main.omit_bot", "unknown setting");
}

TEST_F(ConfigTest, FeedServiceThatDoesNotExistIsAnError) {
  set("/RCFeeds/main/eventServiceName", R"("eventgate-nope")");
  expectError("RCFeeds.main.eventServiceName", "no such service in EventServices");
}

TEST_F(ConfigTest, UnsupportedFeedClassNamesWhatIsSupported) {
  set("/RCFeeds/main/class", R"("UDPRCFeedEngine")");
  expectError("RCFeeds.main.class", "is not supported; rcfeed runs EventBusRCFeedEngine");
}

TEST_F(ConfigTest, UdpFeedWithoutClassIsAnError) {
  set("/RCFeeds/main", R"({"formatter":"JSONRCFeedFormatter","uri":"udp://127.0.0.1:9390"})");
  expectError("RCFeeds.main.class", "rcfeed runs only feeds with class EventBusRCFeedEngine");
}

TEST_F(ConfigTest, UnsupportedFormatterIsAnError) {
  set("/RCFeeds/main/formatter", R"("JSONRCFeedFormatter")");
  expectError("RCFeeds.main.formatter", "use EventBusRCFeedFormatter");
}

TEST_F(ConfigTest, NoFeedsIsAnError) {
  set("/RCFeeds", "{}");
  expectError("RCFeeds", "at least one");
}

TEST_F(ConfigTest, MissingEventServicesIsAnError) {
  erase("/EventServices");
  expectError("EventServices", "missing");
}

TEST_F(ConfigTest, DefaultServiceThatDoesNotExistIsAnError) {
  set("/EventServiceDefault", R"("eventbus")");
  expectError("EventServiceDefault", "no such service in EventServices");
}

TEST_F(ConfigTest, ImplicitDefaultServiceThatDoesNotExistIsAnError) {
  erase("/EventServiceDefault");
  erase("/RCFeeds/main/eventServiceName");
  expectError("EventServices", "default event service 'eventbus'");
}

TEST_F(ConfigTest, ServiceWithoutUrlIsAnError) {
  set("/EventServices/eventgate-main", R"({"timeout":5})");
  expectError("EventServices.eventgate-main.url", "missing");
}

TEST_F(ConfigTest, ServiceUrlWithOtherSchemeIsAnError) {
  set("/EventServices/eventgate-main/url", R"("ftp://127.0.0.1/x")");
  expectError("EventServices.eventgate-main.url", "scheme must be http, https or file");
}

TEST_F(ConfigTest, RelativeFileUrlIsAnError) {
  set("/EventServices/eventgate-main/url", R"("file:events.jsonl")");
  expectError("EventServices.eventgate-main.url", "file:///absolute/path");
}

TEST_F(ConfigTest, NegativeOrTextTimeoutIsAnError) {
  set("/EventServices/eventgate-main/timeout", "-1");
  expectError("EventServices.eventgate-main.timeout", "between 0 and 86400");
  set("/EventServices/eventgate-main/timeout", R"("5")");
  expectError("EventServices.eventgate-main.timeout", "must be a number of seconds");
}

TEST_F(ConfigTest, TlsSettingsOnHttpUrlAreContradictory) {
  set("/EventServices/eventgate-main/tls_verify", "false");
  expectError("EventServices.eventgate-main", "apply to https urls only");
}

TEST_F(ConfigTest, MissingCaFileIsAnError) {
  set("/EventServices/eventgate-analytics/ca_file", R"("no-such-ca.pem")");
  expectError("EventServices.eventgate-analytics.ca_file", "no such file");
}

TEST_F(ConfigTest, UnknownEnableEventBusTokenIsAnError) {
  set("/EnableEventBus", R"("TYPE_EVENT|TYPE_JOBS")");
  expectError("EnableEventBus", "EnableEventBus: TYPE_JOBS not recognized");
}

TEST_F(ConfigTest, EnableEventBusWithoutTypeEventIsContradictory) {
  set("/EnableEventBus", R"("TYPE_JOB|TYPE_PURGE")");
  expectError("EnableEventBus", "no RCFeeds entry could send");
  erase("/EnableEventBus");  // MediaWiki's default, TYPE_NONE
  expectError("EnableEventBus", "is missing, so it is TYPE_NONE");
}

TEST_F(ConfigTest, OmitAnonWithOmitUserIsContradictory) {
  set("/RCFeeds/main/omit_anon", "true");
  set("/RCFeeds/main/omit_user", "true");
  expectError("RCFeeds.main.omit_user", "drop every change");
}

TEST_F(ConfigTest, OmitOptionMustBeABoolean) {
  set("/RCFeeds/main/omit_minor", R"("yes")");
  expectError("RCFeeds.main.omit_minor", "must be true or false");
}

TEST_F(ConfigTest, UnreadableWikiIsAnError) {
  set("/wiki", R"("missing-siteinfo.json")");
  expectError("wiki", "missing-siteinfo.json");
}

TEST_F(ConfigTest, FeedWithoutAnyWikiIsAnError) {
  erase("/wiki");
  expectError("RCFeeds.main.wiki", "missing");
}

TEST_F(ConfigTest, BadProfileIsAnError) {
  set("/profile", R"("1.40")");
  expectError("profile", "must be \"1.39\" or \"master\"");
}

TEST_F(ConfigTest, StreamDisabledForTheFeedIsContradictory) {
  erase("/RCFeeds/main/eventServiceName");
  set("/EventStreams", R"({"/^mediawiki\\./":{"producers":{"mediawiki_eventbus":{"enabled":false}}}})");
  expectError("EventStreams./^mediawiki\\./.producers.mediawiki_eventbus.enabled", "disables mediawiki.recentchange");
}

TEST_F(ConfigTest, StreamDestinationThatDoesNotExistIsAnError) {
  set("/EventStreams", R"({"mediawiki.recentchange":{"destination_event_service":"nope"}})");
  expectError("EventStreams.mediawiki.recentchange.destination_event_service", "no such service in EventServices");
}

TEST_F(ConfigTest, BadStreamRegexIsAnError) {
  set("/EventStreams", R"({"/mediawiki\\.(/":{"destination_event_service":"eventgate-main"}})");
  expectError("EventStreams./mediawiki\\.(/", "not a valid regex");
}

TEST_F(ConfigTest, UnknownSourceTypeIsAnError) {
  set("/RCFeeds/main/source", R"({"type":"kafka"})");
  expectError("RCFeeds.main.source.type", "'kafka' is not a source type");
}

TEST_F(ConfigTest, BadUdpListenAndAllowAreErrors) {
  set("/RCFeeds/main/source", R"({"type":"udp","listen":"localhost:9390"})");
  expectError("RCFeeds.main.source.listen", "is not an IP address");
  set("/RCFeeds/main/source", R"({"type":"udp","listen":"127.0.0.1:70000"})");
  expectError("RCFeeds.main.source.listen", "is not a port number");
  set("/RCFeeds/main/source", R"({"type":"udp","allow":["127.0.0.1/33"]})");
  expectError("RCFeeds.main.source.allow[0]", "prefix length must be 0..32");
  set("/RCFeeds/main/source", R"({"type":"udp"})");
  expectError("RCFeeds.main.source.spool", "missing");
  set("/RCFeeds/main/source", R"({"type":"udp","spool":"s","spool_fsync":"sometimes"})");
  expectError("RCFeeds.main.source.spool_fsync", "is not batch, interval or never");
}

TEST_F(ConfigTest, BadTablePrefixIsAnError) {
  set("/RCFeeds/main/source", R"({"type":"db","dsn":"sqlite:w.sqlite","state":"s","table_prefix":"mw; DROP"})");
  expectError("RCFeeds.main.source.table_prefix", "only letters, digits and _");
}

TEST_F(ConfigTest, PasswordInMysqlDsnIsRefusedWithoutEchoingIt) {
  set("/RCFeeds/main/source", R"({"type":"db","dsn":"mysql://rcfeed:s3cret@db1/enwiki","state":"/tmp/x"})");
  expectError("RCFeeds.main.source.dsn", "must not contain a password");
  try {
    load();
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
  }
}

TEST_F(ConfigTest, DbSourceNeedsStateAndOnePasswordSource) {
  set("/RCFeeds/main/source", R"({"type":"db","dsn":"sqlite:/tmp/w.sqlite"})");
  expectError("RCFeeds.main.source.state", "missing");
  set("/RCFeeds/main/source",
      R"({"type":"db","dsn":"mysql://u@h/d","state":"/tmp/x","password_env":"A","password_file":"/tmp/p"})");
  expectError("RCFeeds.main.source.password_file", "not both");
}

TEST_F(ConfigTest, RetryMaxBelowInitialIsAnError) {
  set("/RCFeeds/main/retry_initial_ms", "5000");
  set("/RCFeeds/main/retry_max_ms", "1000");
  expectError("RCFeeds.main.retry_max_ms", "smaller than retry_initial_ms");
}

TEST_F(ConfigTest, PoisonAttemptsDefaultsToEightAndIsRead) {
  EXPECT_EQ(load().feeds[0].retry.poisonAttempts, 8u);
  set("/RCFeeds/main/poison_attempts", "3");
  EXPECT_EQ(load().feeds[0].retry.poisonAttempts, 3u);
  set("/RCFeeds/main/poison_attempts", "-1");
  expectError("RCFeeds.main.poison_attempts", "");
}

TEST_F(ConfigTest, DuplicateKeyIsAnError) {
  std::string t = text();
  t.replace(t.find("\"EnableEventBus\""), 0, "\"EnableEventBus\":\"TYPE_ALL\",");
  try {
    loadConfig(dir.write("rcfeed.json", t));
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("rcfeed.json: EnableEventBus: given twice"), std::string::npos) << e.what();
  }
}

TEST(ExampleConfig, FileSinkExampleLoads) {
  Config c = loadConfig(std::string(RCFEED_FIXTURES) + "/../docs/examples/rcfeed.file.json");
  ASSERT_FALSE(c.feeds.empty());
  EXPECT_EQ(c.eventBus.services.at(c.feeds[0].eventService).url.rfind("file:///", 0), 0u);
}

TEST(ExampleConfig, FarmExampleLoadsOneFeedPerWiki) {
  Config c = loadConfig(std::string(RCFEED_FIXTURES) + "/../docs/examples/rcfeed.farm.json");
  ASSERT_EQ(c.feeds.size(), 3u);
  EXPECT_EQ(c.feeds[0].wiki->lang, "en");
  EXPECT_EQ(c.feeds[1].wiki->lang, "de");
  EXPECT_EQ(c.feeds[2].wiki->lang, "tr");
  EXPECT_EQ(c.feeds[0].source.type, SourceConfig::Type::Db);
  EXPECT_EQ(c.feeds[2].source.udp.port, 9392);
}

// --- EnableEventBus (spec 3.2) ---

TEST(EnableEventBus, NamesCombineWithBars) {
  EXPECT_EQ(parseEnableEventBus("TYPE_EVENT"), TYPE_EVENT);
  EXPECT_EQ(parseEnableEventBus("TYPE_EVENT|TYPE_JOB"), TYPE_EVENT | TYPE_JOB);
  EXPECT_EQ(parseEnableEventBus("TYPE_NONE"), TYPE_NONE);
  EXPECT_EQ(parseEnableEventBus("TYPE_ALL"), TYPE_ALL);
  EXPECT_EQ(parseEnableEventBus("TYPE_PURGE|TYPE_NONE"), TYPE_PURGE);
}

TEST(EnableEventBus, FalsyStringsMeanAll) {
  EXPECT_EQ(parseEnableEventBus(""), TYPE_ALL);
  EXPECT_EQ(parseEnableEventBus("0"), TYPE_ALL);
}

TEST(EnableEventBus, TokensAreNotTrimmedAndCaseSensitive) {
  EXPECT_THROW(parseEnableEventBus("TYPE_EVENT| TYPE_JOB"), std::invalid_argument);
  try {
    parseEnableEventBus("type_event");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "EnableEventBus: type_event not recognized");
  }
}

TEST(EnableEventBus, IntegersAreMasksWithinAll) {
  EXPECT_EQ(parseEnableEventBus(int64_t{5}), TYPE_EVENT | TYPE_PURGE);
  EXPECT_EQ(parseEnableEventBus(int64_t{0}), TYPE_NONE);
  try {
    parseEnableEventBus(int64_t{8});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "Invalid $enableEventBus parameter: 8");
  }
  EXPECT_THROW(parseEnableEventBus(int64_t{-1}), std::invalid_argument);
}

TEST(EnableEventBus, MaskNames) {
  EXPECT_EQ(eventTypeNames(TYPE_EVENT | TYPE_PURGE), "TYPE_EVENT|TYPE_PURGE");
  EXPECT_EQ(eventTypeNames(TYPE_NONE), "TYPE_NONE");
}

// --- EventBusFactory (spec 3.3, 3.4) ---

EventBusConfig factoryConfig() {
  EventBusConfig c;
  for (const char* name : {"main", "analytics", "other"}) {
    EventServiceConfig s;
    s.name = name;
    s.url = std::string("http://127.0.0.1:1/") + name;
    c.services[name] = s;
  }
  c.defaultService = "main";
  c.enableEventBus = TYPE_ALL;
  return c;
}

EventStreamConfig stream(std::string name, std::optional<std::string> dest) {
  EventStreamConfig s;
  s.stream = std::move(name);
  s.destinationEventService = std::move(dest);
  return s;
}

TEST(EventBusFactory, UndeclaredStreamGoesToTheDefault) {
  EventBusFactory f(factoryConfig());
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.recentchange"), "main");
  EXPECT_EQ(f.getInstanceForStream("mediawiki.recentchange").name(), "main");
}

TEST(EventBusFactory, ExactKeyBeatsAnEarlierRegex) {
  auto c = factoryConfig();
  c.streams.push_back(stream("/^mediawiki\\./", "analytics"));
  c.streams.push_back(stream("mediawiki.recentchange", "other"));
  EventBusFactory f(c);
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.recentchange"), "other");
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.page-create"), "analytics");
}

TEST(EventBusFactory, FirstMatchingRegexInConfigOrderWins) {
  auto c = factoryConfig();
  c.streams.push_back(stream("/recentchange$/", "other"));
  c.streams.push_back(stream("/^mediawiki\\./", "analytics"));
  EventBusFactory f(c);
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.recentchange"), "other");
}

TEST(EventBusFactory, RegexFlagsApply) {
  auto c = factoryConfig();
  c.streams.push_back(stream("/^MEDIAWIKI\\./i", "analytics"));
  EventBusFactory f(c);
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.recentchange"), "analytics");
}

TEST(EventBusFactory, MatchedStreamWithoutDestinationGoesToTheDefault) {
  auto c = factoryConfig();
  c.streams.push_back(stream("mediawiki.recentchange", std::nullopt));
  EventBusFactory f(c);
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.recentchange"), "main");
}

TEST(EventBusFactory, ProducerServiceNameBeatsDestination) {
  auto c = factoryConfig();
  auto s = stream("mediawiki.recentchange", "analytics");
  s.producerEventServiceName = "other";
  c.streams.push_back(s);
  EventBusFactory f(c);
  EXPECT_EQ(f.getEventServiceNameForStream("mediawiki.recentchange"), "other");
}

TEST(EventBusFactory, DisabledProducerGivesTheNonProducingInstance) {
  auto c = factoryConfig();
  auto s = stream("mediawiki.recentchange", "analytics");
  s.producerEnabled = false;
  c.streams.push_back(s);
  EventBusFactory f(c);
  EventBus& bus = f.getInstanceForStream("mediawiki.recentchange");
  EXPECT_EQ(bus.name(), "_disabled_eventbus_");
  EXPECT_FALSE(bus.allows(TYPE_EVENT));
}

TEST(EventBusFactory, UnknownServiceThrowsMediaWikisMessage) {
  EventBusFactory f(factoryConfig());
  try {
    f.getInstance("eventbus");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "Could not get EventBus instance for event service 'eventbus'. This event service name must exist "
                 "in EventServices config with a url setting.");
  }
}

TEST(EventBusFactory, InstancesAreCreatedOnceAndShared) {
  EventBusFactory f(factoryConfig());
  EXPECT_EQ(&f.getInstance("main"), &f.getInstanceForStream("anything"));
}

}  // namespace
}  // namespace rcfeed

namespace rcfeed {
namespace {

TEST_F(ConfigTest, DbFeedReadsPageExistenceFromItsOwnDatabase) {
  set("/RCFeeds/main/source", R"({"type":"db","dsn":"sqlite:wiki.sqlite","state":"s","table_prefix":"mw_"})");
  const PagesConfig p = load().feeds[0].pages;
  EXPECT_EQ(p.dsn, "sqlite:" + dir.path() + "/wiki.sqlite");
  EXPECT_EQ(p.tablePrefix, "mw_");
}

TEST_F(ConfigTest, PagesAndAssumePagesChooseWhereExistenceComesFrom) {
  set("/RCFeeds/main/pages", R"({"dsn":"sqlite:other.sqlite"})");
  EXPECT_EQ(load().feeds[0].pages.dsn, "sqlite:" + dir.path() + "/other.sqlite");
  erase("/RCFeeds/main/pages");
  set("/RCFeeds/main/assume_pages", R"("missing")");
  EXPECT_FALSE(load().feeds[0].pages.assumeExist);
  EXPECT_TRUE(load().feeds[0].pages.dsn.empty());
}

TEST_F(ConfigTest, BadPagesSettingsAreErrors) {
  set("/RCFeeds/main/assume_pages", R"("maybe")");
  expectError("RCFeeds.main.assume_pages", "'maybe' is not exist or missing");
  erase("/RCFeeds/main/assume_pages");
  set("/RCFeeds/main/pages", R"({"dsn":"mysql://u:pw@h/db"})");
  expectError("RCFeeds.main.pages.dsn", "must not contain a password");
  set("/RCFeeds/main/pages", R"({"dsn":"postgres://h/db"})");
  expectError("RCFeeds.main.pages.dsn", "must start with sqlite: or mysql://");
}

}  // namespace
}  // namespace rcfeed
