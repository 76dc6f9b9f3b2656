#include "rcfeed/SourceFactory.h"

#include <stdexcept>

#include "rcfeed/UdpSource.h"

namespace rcfeed {
namespace {

std::unique_ptr<Source> makeUdpSource(const RCFeedConfig& feed) {
  const UdpSourceConfig& c = feed.source.udp;
  UdpSourceOptions o;
  o.listen = c.host.find(':') != std::string::npos ? "[" + c.host + "]:" + std::to_string(c.port)
                                                   : c.host + ":" + std::to_string(c.port);
  o.allow.clear();
  for (const auto& range : c.allow) o.allow.push_back(range.address + "/" + std::to_string(range.prefixBits));
  o.receiveBufferBytes = static_cast<int>(c.recvBufferBytes);
  o.spool.directory = c.spoolDir;
  o.spool.maxBytes = c.spoolMaxBytes;
  switch (c.spoolFsync) {
    case UdpSourceConfig::Fsync::Batch: o.spool.sync = SpoolSync::EveryBatch; break;
    case UdpSourceConfig::Fsync::Interval: o.spool.sync = SpoolSync::Interval; break;
    case UdpSourceConfig::Fsync::Never: o.spool.sync = SpoolSync::Never; break;
  }
  return std::make_unique<UdpSource>(std::move(o));
}

std::unique_ptr<Source> makeDbSource(const RCFeedConfig& feed, const DbTailStart& start, bool once) {
  const DbSourceConfig& c = feed.source.db;
  DbTailOptions o;
  o.dsn = c.backend == DbSourceConfig::Backend::SQLite ? "sqlite:" + c.sqlitePath : c.dsn;
  o.tablePrefix = c.tablePrefix;
  o.passwordEnv = c.passwordEnv;
  o.passwordFile = c.passwordFile;
  o.statePath = c.statePath;
  o.start = start;
  o.once = once;
  o.batchSize = c.batch;
  o.pollInterval = c.poll;
  o.gapGrace = c.gapGrace;
  o.useRCPatrol = feed.useRCPatrol;
  o.useNPPatrol = feed.useNPPatrol;
  return std::make_unique<DbTailSource>(feed.wiki, std::move(o));
}

}  // namespace

std::unique_ptr<Source> makeSource(const RCFeedConfig& feed, const DbTailStart& start, bool once) {
  try {
    switch (feed.source.type) {
      case SourceConfig::Type::Udp:
        if (once) throw std::runtime_error("a udp source has no end to stop at (--once takes db feeds only)");
        return makeUdpSource(feed);
      case SourceConfig::Type::Db: return makeDbSource(feed, start, once);
      case SourceConfig::Type::Replay:
      case SourceConfig::Type::None: break;
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("RCFeeds." + feed.name + ": " + e.what());
  }
  throw std::runtime_error("RCFeeds." + feed.name + ": source type '" +
                           std::string(sourceTypeName(feed.source.type)) +
                           "' has no live reader; rcfeed run needs udp or db (replay feeds are for rcfeed replay)");
}

}  // namespace rcfeed
