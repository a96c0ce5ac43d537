package org.medsoc.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;

class IndicatorIndexTest {
    private static final long NOW = Instant.parse("2026-11-01T10:00:00Z").toEpochMilli();

    private static Event event() {
        return new Event(TenantId.DEFAULT, NOW, "original");
    }

    private static IndicatorIndex index(Indicator... indicators) {
        return IndicatorIndex.builder().addAll(List.of(indicators)).build();
    }

    @Test
    void matchesIpv4AndIpv6OnEveryIpField() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.IPV4, "203.0.113.5", "feed"),
                Indicator.of(IndicatorType.IPV6, "2001:db8::66", "feed"));
        Event e = event().put(Fields.SOURCE_IP, "10.0.0.1").put(Fields.DESTINATION_IP, "203.0.113.5")
                .put(IntelFields.CLIENT_IP, "2001:DB8:0:0::66").put(IntelFields.SERVER_IP, "::ffff:203.0.113.5");
        assertThat(index.match(e)).extracting(m -> m.field().name(), m -> m.indicator().value())
                .containsExactly(tuple("destination.ip", "203.0.113.5"), tuple("client.ip", "2001:db8::66"),
                        tuple("server.ip", "203.0.113.5"));
    }

    @Test
    void answersTheSameEmptyListWhenNothingMatches() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.IPV4, "203.0.113.5", "feed"));
        Event e = event().put(Fields.SOURCE_IP, "203.0.113.6").put(Fields.DNS_QUESTION_NAME, "example.org");
        assertThat(index.match(e)).isEmpty();
        assertThat(index.match(e)).isSameAs(List.of());
    }

    @Test
    void allocatesNothingWhenNothingMatches() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.IPV4, "203.0.113.5", "feed"),
                Indicator.of(IndicatorType.CIDR, "198.51.100.0/24", "feed"),
                Indicator.of(IndicatorType.DOMAIN, "evil.example", "feed"),
                Indicator.of(IndicatorType.URL, "http://evil.example/x", "feed"),
                Indicator.of(IndicatorType.SHA256, "a".repeat(64), "feed"),
                Indicator.of(IndicatorType.EMAIL, "a@evil.example", "feed"),
                Indicator.of(IndicatorType.USER_AGENT, "EvilBot/1.0", "feed"));
        Event e = event().put(Fields.SOURCE_IP, "10.1.2.3").put(Fields.DESTINATION_IP, "2001:db8::7")
                .put(Fields.DNS_QUESTION_NAME, "www.Hospital.example.").put(Fields.URL_DOMAIN, "portal.example")
                .put(Fields.URL_ORIGINAL, "https://Portal.example/his/login?x=1")
                .put(Fields.FILE_HASH_SHA256, "B".repeat(64)).put(IntelFields.EMAIL_FROM, "Nurse@Hospital.example")
                .put(Fields.USER_AGENT_ORIGINAL, "Mozilla/5.0");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (int i = 0; i < 20_000; i++) {
            index.match(e); // warm up: the measured loop should run compiled code
        }
        long before = threads.getThreadAllocatedBytes(id);
        int hits = 0;
        for (int i = 0; i < 100_000; i++) {
            hits += index.match(e).size();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(hits).isZero();
        // a single allocation per match would be at least 1.6 MB; allow for the measuring itself
        assertThat(allocated).isLessThan(64 * 1024);
    }

    @Test
    void matchesTheMostSpecificCidrAndExactAddress() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.CIDR, "198.51.100.0/24", "wide"),
                Indicator.of(IndicatorType.CIDR, "198.51.100.128/25", "narrow"),
                Indicator.of(IndicatorType.CIDR, "198.51.100.200/32", "host"),
                Indicator.of(IndicatorType.IPV4, "198.51.100.129", "exact"),
                Indicator.of(IndicatorType.CIDR, "2001:db8:bad::/48", "v6"));
        assertThat(sources(index, "198.51.100.1")).containsExactly("wide");
        assertThat(sources(index, "198.51.100.129")).containsExactly("exact", "narrow");
        assertThat(sources(index, "198.51.100.200")).containsExactly("host");
        assertThat(sources(index, "198.51.100.201")).containsExactly("narrow");
        assertThat(sources(index, "198.51.101.0")).isEmpty();
        assertThat(sources(index, "2001:db8:bad:1::9")).containsExactly("v6");
        assertThat(sources(index, "2001:db8:bae::1")).isEmpty();
        assertThat(index.match(event().put(Fields.SOURCE_IP, "198.51.100.7")).get(0).indicator().value())
                .isEqualTo("198.51.100.0/24");
    }

    @Test
    void matchesNetworksCoveringTheWholeAddressSpace() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.CIDR, "0.0.0.0/0", "all"),
                Indicator.of(IndicatorType.CIDR, "255.255.255.0/24", "top"),
                Indicator.of(IndicatorType.CIDR, "::/0", "all6"));
        assertThat(sources(index, "0.0.0.0")).containsExactly("all");
        assertThat(sources(index, "255.255.255.255")).containsExactly("top");
        assertThat(sources(index, "255.255.254.255")).containsExactly("all");
        assertThat(sources(index, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).containsExactly("all6");
    }

    private static List<String> sources(IndicatorIndex index, String ip) {
        return index.match(event().put(Fields.SOURCE_IP, ip)).stream().map(m -> m.indicator().source()).toList();
    }

    @Test
    void matchesParentDomainsWalkingLabels() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.DOMAIN, "evil.com", "a"),
                Indicator.of(IndicatorType.DOMAIN, "b.evil.com", "b"));
        assertThat(domainSources(index, "a.B.Evil.COM.")).containsExactly("a", "b"); // parent first
        assertThat(domainSources(index, "evil.com")).containsExactly("a");
        assertThat(domainSources(index, "notevil.com")).isEmpty();
        assertThat(domainSources(index, "evil.com.au")).isEmpty();
        assertThat(domainSources(index, "com")).isEmpty();
    }

    @Test
    void matchesInternationalisedDomainsInEvents() {
        IndicatorIndex index = index(Indicator.of(IndicatorType.DOMAIN, "bücher.example", "idn"));
        assertThat(domainSources(index, "shop.xn--bcher-kva.example")).containsExactly("idn");
        assertThat(domainSources(index, "Shop.Bücher.example")).containsExactly("idn");
    }

    private static List<String> domainSources(IndicatorIndex index, String name) {
        return index.match(event().put(Fields.DNS_QUESTION_NAME, name)).stream()
                .map(m -> m.indicator().source()).toList();
    }

    @Test
    void matchesUrlsHashesEmailsAndUserAgents() {
        String sha256 = "a".repeat(63) + "b";
        String sha1 = "0123456789abcdef0123456789abcdef01234567";
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        IndicatorIndex index = index(Indicator.of(IndicatorType.URL, "http://evil.example/dropper.exe", "u"),
                Indicator.of(IndicatorType.SHA256, sha256, "s256"), Indicator.of(IndicatorType.SHA1, sha1, "s1"),
                Indicator.of(IndicatorType.MD5, md5, "m5"), Indicator.of(IndicatorType.EMAIL, "ceo@phish.example", "e"),
                Indicator.of(IndicatorType.DOMAIN, "spam.example", "d"),
                Indicator.of(IndicatorType.USER_AGENT, "EvilBot/1.0", "ua"));
        Event e = event().put(Fields.URL_ORIGINAL, "HTTP://EVIL.example/dropper.exe")
                .put(Fields.FILE_HASH_SHA256, sha256.toUpperCase())
                .put(IntelFields.FILE_HASH_SHA1, sha1)
                .put(Fields.PROCESS_HASH_MD5, md5)
                .put(IntelFields.EMAIL_FROM, "CEO@Phish.Example")
                .put(IntelFields.EMAIL_TO, "Nurse <x@mail.spam.example>")
                .put(Fields.USER_AGENT_ORIGINAL, "EvilBot/1.0");
        assertThat(index.match(e)).extracting(m -> m.field().name(), m -> m.indicator().source())
                .containsExactly(tuple("url.original", "u"), tuple("file.hash.sha256", "s256"),
                        tuple("file.hash.sha1", "s1"), tuple("process.hash.md5", "m5"),
                        tuple("email.from.address", "e"), tuple("email.to.address", "d"),
                        tuple("user_agent.original", "ua"));
        assertThat(index.match(event().put(Fields.URL_ORIGINAL, "http://evil.example:80/dropper.exe#x")))
                .hasSize(1);
        assertThat(index.match(event().put(Fields.URL_ORIGINAL, "http://evil.example/Dropper.exe"))).isEmpty();
        assertThat(index.match(event().put(Fields.USER_AGENT_ORIGINAL, "evilbot/1.0"))).isEmpty();
    }

    @Test
    void expiredIndicatorsNeverMatch() {
        Instant until = Instant.ofEpochMilli(NOW);
        IndicatorIndex index = index(
                Indicator.of(IndicatorType.IPV4, "192.0.2.1", "expired").withValidUntil(until),
                Indicator.of(IndicatorType.IPV4, "192.0.2.2", "valid").withValidUntil(until.plusSeconds(1)));
        assertThat(index.match(event().put(Fields.SOURCE_IP, "192.0.2.1"))).isEmpty();
        assertThat(index.match(event().put(Fields.SOURCE_IP, "192.0.2.2"))).hasSize(1);
        assertThat(index.match(event().timestamp(NOW - 1000).put(Fields.SOURCE_IP, "192.0.2.1"))).hasSize(1);
    }

    @Test
    void warningListValuesNeverMatch() {
        WarningList benign = new WarningList("benign", List.of(new IndicatorKey(IndicatorType.IPV4, "8.8.8.8"),
                new IndicatorKey(IndicatorType.CIDR, "10.20.0.0/16"),
                new IndicatorKey(IndicatorType.DOMAIN, "cdn.example"),
                new IndicatorKey(IndicatorType.SHA256, "c".repeat(64))));
        IndicatorIndex index = IndicatorIndex.builder().warningList(benign)
                .add(Indicator.of(IndicatorType.CIDR, "8.8.0.0/16", "wide"))
                .add(Indicator.of(IndicatorType.CIDR, "10.0.0.0/8", "rfc1918"))
                .add(Indicator.of(IndicatorType.DOMAIN, "example", "tld"))
                .add(Indicator.of(IndicatorType.SHA256, "c".repeat(64), "hash"))
                .build();
        assertThat(sources(index, "8.8.8.8")).isEmpty();
        assertThat(sources(index, "8.8.4.4")).containsExactly("wide");
        assertThat(sources(index, "10.20.1.1")).isEmpty();
        assertThat(sources(index, "10.21.1.1")).containsExactly("rfc1918");
        assertThat(domainSources(index, "img.cdn.example")).isEmpty();
        assertThat(domainSources(index, "other.example")).containsExactly("tld");
        assertThat(index.match(event().put(Fields.FILE_HASH_SHA256, "c".repeat(64)))).isEmpty();
        assertThat(index.isWarned(new IndicatorKey(IndicatorType.DOMAIN, "a.cdn.example"))).isTrue();
        assertThat(index.warningEntries()).isEqualTo(4);
    }

    @Test
    void laterDuplicateReplacesEarlierAndMetadataRoundTrips() {
        Indicator first = Indicator.of(IndicatorType.DOMAIN, "evil.example", "one");
        Indicator second = new Indicator(IndicatorType.DOMAIN, "EVIL.example", "two", 90, Tlp.RED,
                Distribution.ORGANISATION, java.util.Optional.of(Instant.parse("2026-01-01T00:00:00Z")),
                java.util.Optional.of(Instant.parse("2026-02-01T00:00:00Z")),
                java.util.Optional.of(Instant.parse("2027-01-01T00:00:00Z")), List.of("apt", "ransomware"),
                java.util.Optional.of("indicator--6f0e4a8a-3b71-4b2c-9a4e-0d2f3c9d8e11"));
        IndicatorIndex index = index(first, second, Indicator.of(IndicatorType.USER_AGENT, "Ботнет/1", "wide"));
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.find(first.key())).contains(second.withSeen(second.firstSeen(), second.lastSeen()));
        assertThat(index.find(new IndicatorKey(IndicatorType.USER_AGENT, "Ботнет/1"))).isPresent();
        assertThat(index.match(event().put(Fields.USER_AGENT_ORIGINAL, "Ботнет/1"))).hasSize(1);
        assertThat(index.estimatedBytes()).isPositive();
    }
}
