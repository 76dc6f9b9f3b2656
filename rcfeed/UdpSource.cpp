#include "rcfeed/UdpSource.h"

#include <Poco/Exception.h>
#include <Poco/Timespan.h>
#include <linux/sock_diag.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "rcfeed/Log.h"
#include "rcfeed/UdpDatagram.h"

namespace rcfeed {
namespace {

// Datagrams taken per recvmmsg call. While the socket stays full, up to
// kRoundsPerBatch calls (or kBatchBytes of lines) go into one spool batch,
// so under load one fdatasync covers many datagrams.
constexpr unsigned kSlots = 64;
constexpr unsigned kRoundsPerBatch = 16;
constexpr size_t kBatchBytes = size_t{4} << 20;
// Larger than any UDP payload MediaWiki sends, so an oversize datagram is
// seen whole and refused by its size rather than cut.
constexpr size_t kSlotBytes = 65536;

Poco::Net::SocketAddress parseListen(const std::string& listen) {
  try {
    return Poco::Net::SocketAddress(listen);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("udp listen '" + listen + "': " + e.displayText());
  }
}

AddressAllowlist parseAllow(const std::vector<std::string>& allow) {
  try {
    return AddressAllowlist(allow);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("udp ") + e.what());
  }
}

}  // namespace

UdpSource::UdpSource(UdpSourceOptions options)
    : options_(std::move(options)),
      allowlist_(parseAllow(options_.allow)),
      socket_(parseListen(options_.listen).family()) {
  const Poco::Net::SocketAddress wanted = parseListen(options_.listen);
  try {
    if (wanted.family() == Poco::Net::SocketAddress::IPv6) {
      // Dual-stack when bound to [::], so IPv4 senders reach it too; the
      // allowlist still decides who is heard.
      socket_.impl()->bind6(wanted, false, false, false);
    } else {
      socket_.bind(wanted, false);
    }
    address_ = socket_.address();
    socket_.setReceiveBufferSize(options_.receiveBufferBytes);
    grantedBuffer_ = socket_.getReceiveBufferSize();
    // Linux reports twice the size asked for (its bookkeeping share); below
    // that, net.core.rmem_max capped it, which SO_RCVBUFFORCE may lift when
    // rcfeed has CAP_NET_ADMIN.
    if (bufferCapped()) {
      try {
        socket_.impl()->setOption(SOL_SOCKET, SO_RCVBUFFORCE, options_.receiveBufferBytes);
        grantedBuffer_ = socket_.getReceiveBufferSize();
      } catch (const Poco::Exception&) {
        // Without the capability the capped buffer stays; logged below.
      }
    }
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("udp listen " + options_.listen + ": " + e.displayText());
  }
  spool_ = std::make_unique<Spool>(options_.spool);
  const LogLevel bufferLevel = bufferCapped() ? LogLevel::Warn : LogLevel::Info;
  log(bufferLevel, "udp source listening",
      {{"listen", address_.toString()}, {"allow", allowlist_.describe()},
       {"receive_buffer_requested", options_.receiveBufferBytes}, {"receive_buffer_granted", grantedBuffer_},
       {"spool", options_.spool.directory}});
  reader_ = std::thread([this] { receiveLoop(); });
}

bool UdpSource::bufferCapped() const {
  return int64_t{grantedBuffer_} < 2 * int64_t{options_.receiveBufferBytes};
}

UdpSource::~UdpSource() {
  stop();
  if (reader_.joinable()) reader_.join();
}

// SO_MEMINFO reads the socket's drop counter (sk_drops: what /proc/net/udp
// shows and SO_RXQ_OVFL attaches to later datagrams) at any moment, so drops
// at the end of a burst, with no datagram after them, are counted too.
void UdpSource::updateKernelDropped() {
  uint32_t meminfo[SK_MEMINFO_VARS] = {};
  socklen_t length = sizeof meminfo;
  if (::getsockopt(socket_.impl()->sockfd(), SOL_SOCKET, SO_MEMINFO, meminfo, &length) == 0 &&
      length > SK_MEMINFO_DROPS * sizeof(uint32_t)) {
    kernelDropped_.store(meminfo[SK_MEMINFO_DROPS], std::memory_order_relaxed);
  }
}

// Poco creates, binds, sizes and polls the socket, but its receiveFrom takes
// one datagram per system call; recvmmsg takes up to kSlots with their
// senders, which keeps up with bursts and lets one fdatasync cover them.
void UdpSource::receiveLoop() {
  // Not zeroed: only the pages datagrams reach become resident.
  const auto slots = std::make_unique_for_overwrite<char[]>(size_t{kSlots} * kSlotBytes);
  std::vector<mmsghdr> messages(kSlots);
  std::vector<iovec> iovecs(kSlots);
  std::vector<sockaddr_storage> senders(kSlots);
  // Accepted lines of one spool batch, copied out of the slots so the slots
  // can take the next datagrams.
  std::string batch;
  std::vector<std::pair<size_t, size_t>> spans;
  std::vector<std::string_view> lines;
  LogRateLimit malformedLog(std::chrono::seconds(1));
  LogRateLimit refusedLog(std::chrono::seconds(10));
  LogRateLimit errorLog(std::chrono::seconds(10));
  const int fd = socket_.impl()->sockfd();
  RecentChange scratch;

  while (!stopping_.load(std::memory_order_relaxed)) {
    try {
      if (!socket_.poll(Poco::Timespan(0, 100 * 1000), Poco::Net::Socket::SELECT_READ)) {
        updateKernelDropped();
        spool_->maintain();
        continue;
      }
    } catch (const Poco::Exception& e) {
      if (errorLog.allow()) log(LogLevel::Error, "udp poll failed", {{"source", describe()}, {"error", e.displayText()}});
      continue;
    }
    batch.clear();
    spans.clear();
    for (unsigned round = 0; round < kRoundsPerBatch && batch.size() < kBatchBytes; ++round) {
      for (unsigned i = 0; i < kSlots; ++i) {
        iovecs[i] = {slots.get() + size_t{i} * kSlotBytes, kSlotBytes};
        messages[i].msg_hdr = {};
        messages[i].msg_hdr.msg_name = &senders[i];
        messages[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        messages[i].msg_hdr.msg_iov = &iovecs[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_len = 0;
      }
      const int n = ::recvmmsg(fd, messages.data(), kSlots, MSG_DONTWAIT, nullptr);
      if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errorLog.allow()) {
          log(LogLevel::Error, "udp receive failed", {{"source", describe()}, {"error", std::strerror(errno)}});
        }
        break;
      }
      received_.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
      for (int i = 0; i < n; ++i) {
        const msghdr& h = messages[i].msg_hdr;
        const Poco::Net::SocketAddress sender(reinterpret_cast<const sockaddr*>(&senders[i]), h.msg_namelen);
        if (!allowlist_.allows(sender.host())) {
          notAllowed_.fetch_add(1, std::memory_order_relaxed);
          if (auto held = refusedLog.allow()) {
            log(LogLevel::Warn, "udp datagram from a sender outside the allowlist dropped",
                {{"source", describe()}, {"sender", sender.toString()}, {"not_logged", *held}});
          }
          continue;
        }
        const std::string_view payload(static_cast<const char*>(iovecs[i].iov_base), messages[i].msg_len);
        std::string_view line;
        LineReadResult r;
        if ((h.msg_flags & MSG_TRUNC) != 0) {
          r.error = "oversize datagram (more than " + std::to_string(kSlotBytes) + " bytes)";
        } else if (extractRCFeedLine(payload, line, r.error)) {
          r = readJsonRCFeedLine(line, scratch);
        }
        if (!r.ok) {
          malformed_.fetch_add(1, std::memory_order_relaxed);
          if (auto held = malformedLog.allow()) {
            log(LogLevel::Warn, "malformed udp datagram dropped",
                {{"source", describe()}, {"reason", r.error},
                 {"datagram", describeDatagram(payload, sender.toString())}, {"not_logged", *held}});
          }
          continue;
        }
        replacedUtf8_.fetch_add(r.replacedUtf8, std::memory_order_relaxed);
        spans.emplace_back(batch.size(), line.size());
        batch.append(line);
      }
      if (static_cast<unsigned>(n) < kSlots) break;  // the socket is drained
    }
    updateKernelDropped();
    if (spans.empty()) {
      spool_->maintain();
      continue;
    }
    lines.clear();
    for (const auto& [offset, size] : spans) lines.emplace_back(batch.data() + offset, size);
    spool_->append(lines);
    spool_->maintain();
  }
}

bool UdpSource::poll(std::vector<SourcedChange>& out, size_t max, std::chrono::milliseconds wait) {
  std::vector<SpoolRecord> records;
  const bool more = spool_->read(records, max, wait);
  for (SpoolRecord& record : records) {
    SourcedChange change;
    const LineReadResult r = readJsonRCFeedLine(record.payload, change.rc);
    if (!r.ok) {
      // Checked on arrival and checksummed since; only a reader that
      // changed between two runs gets here.
      malformed_.fetch_add(1, std::memory_order_relaxed);
      log(LogLevel::Error, "spooled change unreadable, skipped",
          {{"source", describe()}, {"sequence", record.sequence}, {"reason", r.error}});
      continue;
    }
    change.position = record.sequence;
    out.push_back(std::move(change));
  }
  return more;
}

void UdpSource::acknowledge(Position upTo) { spool_->acknowledge(upTo); }

void UdpSource::stop() {
  stopping_.store(true);
  spool_->interrupt();
}

std::string UdpSource::describe() const { return "udp " + address_.toString(); }

UdpSourceCounters UdpSource::counters() const {
  UdpSourceCounters c;
  c.received = received_.load(std::memory_order_relaxed);
  c.notAllowed = notAllowed_.load(std::memory_order_relaxed);
  c.malformed = malformed_.load(std::memory_order_relaxed);
  c.replacedUtf8 = replacedUtf8_.load(std::memory_order_relaxed);
  c.kernelDropped = kernelDropped_.load(std::memory_order_relaxed);
  const SpoolCounters s = spool_->counters();
  c.spooled = s.appended;
  c.spoolFullDropped = s.fullDropped;
  c.spoolWriteDropped = s.writeDropped;
  c.spoolTornRecords = s.tornRecords;
  c.spoolCorruptRecords = s.corruptRecords;
  c.spoolBytes = s.bytes;
  return c;
}

std::vector<SourceMetric> UdpSource::metrics() const {
  const UdpSourceCounters c = counters();
  auto d = [](uint64_t v) { return static_cast<double>(v); };
  return {
      {"udp_received_total", "Datagrams read from the socket.", d(c.received), true},
      {"udp_not_allowed_total", "Datagrams from senders outside the allowlist.", d(c.notAllowed), true},
      {"udp_malformed_total", "Datagrams that were not a readable change.", d(c.malformed), true},
      {"udp_replaced_utf8_total", "Invalid UTF-8 sequences replaced by U+FFFD.", d(c.replacedUtf8), true},
      {"udp_kernel_dropped_total", "Datagrams Linux dropped before rcfeed read them.", d(c.kernelDropped), true},
      {"spool_appended_total", "Changes written to the spool.", d(c.spooled), true},
      {"spool_full_dropped_total", "Datagrams dropped because the spool was full.", d(c.spoolFullDropped), true},
      {"spool_write_dropped_total", "Datagrams lost to a failed spool write.", d(c.spoolWriteDropped), true},
      {"spool_torn_records_total", "Torn records cut off the spool's tail on open.", d(c.spoolTornRecords), true},
      {"spool_corrupt_records_total", "Spool records skipped for a checksum mismatch.", d(c.spoolCorruptRecords), true},
      {"spool_bytes", "Size of the spool's segment files.", d(c.spoolBytes), false},
  };
}

}  // namespace rcfeed
