package org.medsoc.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.medsoc.spi.error.ErrorType;
import org.medsoc.spi.error.MedsocException;
import org.medsoc.spi.error.StandardErrorCode;
import org.medsoc.spi.event.Event;
import org.medsoc.spi.event.Field;
import org.medsoc.spi.event.Fields;
import org.medsoc.spi.event.TenantId;
import org.medsoc.spi.store.Dataset;
import org.medsoc.spi.store.EventQuery;
import org.medsoc.spi.store.EventStore;
import org.medsoc.spi.store.HistogramBucket;
import org.medsoc.spi.store.Partition;
import org.medsoc.spi.store.SearchResult;
import org.medsoc.spi.store.SortOrder;
import org.medsoc.spi.store.ValueCount;
import org.medsoc.spi.store.WriteMode;

/**
 * The behaviour every {@link EventStore} must show, run against each implementation by extending this class
 * (as Trino's {@code BaseConnectorTest}).
 *
 * <p>The fixture ({@link #seed()}) is a small firewall/SSH/web log of tenant {@code hospital-a}, one event of tenant
 * {@code hospital-b} and one dead letter, on 2026-11-25 and 2026-11-26 (UTC). Query tests name the ids they expect.
 */
public abstract class EventStoreContractTest {
    protected static final TenantId TENANT_A = TenantId.of("hospital-a");
    protected static final TenantId TENANT_B = TenantId.of("hospital-b");
    /** 2026-11-25T10:00:00Z. */
    protected static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    protected static final LocalDate DAY = LocalDate.of(2026, 11, 25);
    protected static final long MINUTE = 60_000L;
    protected static final long HOUR = 3_600_000L;
    protected static final long DAY_MILLIS = 86_400_000L;
    protected static final Field VENDOR_POLICY = requireField(Fields.intern("fortinet.policyid"));

    @TempDir
    protected Path directory;

    protected EventStore store;

    /** A new store over {@code dir}, empty or holding what an earlier store committed there. */
    protected abstract EventStore createStore(Path dir);

    @BeforeEach
    void openStore() {
        store = createStore(directory);
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** Closes the store and opens a new one over the same directory. */
    protected EventStore reopen() {
        store.close();
        store = createStore(directory);
        return store;
    }

    // ---------------------------------------------------------------- fixture

    /** An event of tenant A with an id. */
    protected static Event event(String id, long timestamp, String original) {
        return new Event(TENANT_A, timestamp, original).id(id);
    }

    /** The fixture events (see the class comment). */
    protected static List<Event> fixture() {
        List<Event> events = new ArrayList<>();
        events.add(event("e1", T0, "sshd: Failed password for admin from 10.1.2.3 port 50022")
                .put(Fields.MESSAGE, "login failed for user admin from 10.1.2.3")
                .put(Fields.SOURCE_IP, "10.1.2.3")
                .put(Fields.DESTINATION_IP, "192.168.0.10")
                .put(Fields.DESTINATION_PORT, "22")
                .put(Fields.USER_NAME, "admin")
                .put(Fields.EVENT_OUTCOME, "failure")
                .put(Fields.EVENT_ACTION, "ssh_login"));
        events.add(event("e2", T0 + MINUTE, "alice logged in")
                .put(Fields.MESSAGE, "login succeeded for user alice")
                .put(Fields.SOURCE_IP, "10.200.0.5")
                .put(Fields.DESTINATION_PORT, "443")
                .put(Fields.USER_NAME, "alice")
                .put(Fields.EVENT_OUTCOME, "success")
                .put(Fields.HTTP_RESPONSE_STATUS_CODE, "200")
                .put(Fields.URL_ORIGINAL, "https://his.hospital.local/patient/123"));
        events.add(event("e3", T0 + 2 * MINUTE, "deny 172.16.5.4 -> 10.1.2.3:3389")
                .put(Fields.MESSAGE, "Connection denied by policy")
                .put(Fields.SOURCE_IP, "172.16.5.4")
                .put(Fields.DESTINATION_IP, "10.1.2.3")
                .put(Fields.DESTINATION_PORT, "3389")
                .put(Fields.EVENT_OUTCOME, "failure")
                .put(Fields.EVENT_ACTION, "deny")
                .put(Fields.HTTP_RESPONSE_STATUS_CODE, "503"));
        events.add(event("e4", T0 + 3 * MINUTE, "GET /etc/passwd 500")
                .put(Fields.MESSAGE, "GET /etc/passwd returned 500")
                .put(Fields.SOURCE_IP, "2001:db8::1")
                .put(Fields.DESTINATION_PORT, "8080")
                .put(Fields.USER_NAME, "administrator")
                .put(Fields.HTTP_RESPONSE_STATUS_CODE, "500"));
        events.add(event("e5", T0 + HOUR, "query example.org")
                .put(Fields.MESSAGE, "dns query example.org")
                .put(Fields.SOURCE_IP, "8.8.8.8")
                .put(Fields.DESTINATION_PORT, "53")
                .put(Fields.USER_NAME, "Admin")
                .put(Fields.DNS_QUESTION_NAME, "example.org")
                .put(VENDOR_POLICY, "42"));
        events.add(new Event(TENANT_B, T0 + 30_000, "sshd: Failed password for admin from 10.1.2.3")
                .id("e6")
                .put(Fields.MESSAGE, "login failed for user admin from 10.1.2.3")
                .put(Fields.SOURCE_IP, "10.1.2.3")
                .put(Fields.DESTINATION_PORT, "22")
                .put(Fields.USER_NAME, "admin")
                .put(Fields.EVENT_OUTCOME, "failure"));
        events.add(event("e7", T0 + 5 * MINUTE, "\u0001garbage 10.1.2.3")
                .put(Fields.EVENT_KIND, "pipeline_error")
                .put(Fields.ERROR_MESSAGE, "cannot parse: no syslog header")
                .put(Fields.MESSAGE, "garbage line 10.1.2.3"));
        events.add(event("e8", T0 + DAY_MILLIS, "sshd: Failed password for admin from 10.1.2.3")
                .put(Fields.MESSAGE, "login failed again")
                .put(Fields.SOURCE_IP, "10.1.2.3")
                .put(Fields.DESTINATION_PORT, "22")
                .put(Fields.USER_NAME, "admin")
                .put(Fields.EVENT_OUTCOME, "failure"));
        return events;
    }

    /** Writes the fixture and makes it visible. */
    protected void seed() {
        store.write(fixture(), WriteMode.APPEND);
        store.refresh();
    }

    protected List<String> ids(TenantId tenant, EventQuery query) {
        return store.search(tenant, query).events().stream().map(Event::id).toList();
    }

    protected List<String> ids(String query) {
        return ids(TENANT_A, EventQuery.of(query, EventQuery.MAX_LIMIT));
    }

    protected static EventQuery query(String query, long from, long to) {
        return new EventQuery(Dataset.EVENTS, query, from, to, SortOrder.NEWEST_FIRST, 0, EventQuery.MAX_LIMIT);
    }

    private static Field requireField(@Nullable Field f) {
        if (f == null) {
            throw new IllegalStateException("cannot intern test field");
        }
        return f;
    }

    private static List<String> pairs(Event e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            out.add(e.fieldAt(i).name() + "=" + e.valueAt(i));
        }
        return out;
    }

    // ---------------------------------------------------------------- round trip, tenants, datasets, time

    @Test
    void roundTripsEveryFieldTypeMultipleValuesOriginalAndNonAscii() {
        Event e = event("rt-1", T0 + 123, "原始日志 ✓ \"quoted\" \\ tab\t end 🙂")
                .put(Fields.MESSAGE, "用户 张三 登录失败 from 10.9.8.7")
                .put(Fields.USER_NAME, "张三")
                .put(Fields.SOURCE_IP, "10.9.8.7")
                .put(Fields.SOURCE_PORT, "51515")
                .put(Fields.EVENT_CREATED, "1764064800000")
                .put(Fields.PROCESS_COMMAND_LINE, "cmd.exe /c whoami")
                .add(Fields.RELATED_IP, "10.9.8.7")
                .add(Fields.RELATED_IP, "fe80::1")
                .add(Fields.TAGS, "vpn")
                .add(Fields.TAGS, "his")
                .put(Fields.DESTINATION_PORT, "not-a-number")
                .put(VENDOR_POLICY, "7");
        store.write(List.of(e), WriteMode.APPEND);
        store.refresh();

        SearchResult result = store.search(TENANT_A, EventQuery.all(Dataset.EVENTS, 10));

        assertThat(result.total()).isEqualTo(1);
        Event back = result.events().get(0);
        assertThat(back.id()).isEqualTo("rt-1");
        assertThat(back.tenant()).isEqualTo(TENANT_A);
        assertThat(back.timestamp()).isEqualTo(T0 + 123);
        assertThat(back.original()).isEqualTo(e.original());
        assertThat(pairs(back)).containsExactlyElementsOf(pairs(e));
        assertThat(back.values(Fields.RELATED_IP)).containsExactly("10.9.8.7", "fe80::1");
        assertThat(ids("user.name:张三")).containsExactly("rt-1");
        assertThat(ids("related.ip:\"fe80::1\"")).containsExactly("rt-1");
        assertThat(ids("tags:his AND tags:vpn")).containsExactly("rt-1");
    }

    @Test
    void isolatesTenantsInSearchHistogramAndTopValues() {
        seed();

        assertThat(ids(TENANT_B, EventQuery.of("", 100))).containsExactly("e6");
        assertThat(ids(TENANT_B, EventQuery.of("source.ip:10.1.2.3", 100))).containsExactly("e6");
        assertThat(ids(TENANT_A, EventQuery.of("source.ip:10.1.2.3", 100))).containsExactlyInAnyOrder("e1", "e8");
        assertThat(ids(TenantId.of("nobody"), EventQuery.of("", 100))).isEmpty();
        assertThat(store.histogram(TENANT_B, EventQuery.of("", 0), Duration.ofDays(1)))
                .containsExactly(new HistogramBucket(DAY.toEpochDay() * DAY_MILLIS, 1));
        assertThat(store.topValues(TENANT_B, EventQuery.of("", 0), "user.name", 10))
                .containsExactly(new ValueCount("admin", 1));
        // a field named like the tenant cannot widen the scope
        assertThat(ids(TENANT_B, EventQuery.of("medsoc.tenant:hospital-a", 100))).isEmpty();
    }

    @Test
    void ignoresTenantClaimedByAField() {
        Event sneaky = event("s1", T0, "x").put(Fields.MEDSOC_TENANT, TENANT_B.value());
        store.write(List.of(sneaky), WriteMode.APPEND);
        store.refresh();

        assertThat(ids(TENANT_B, EventQuery.of("", 10))).isEmpty();
        assertThat(ids(TENANT_A, EventQuery.of("", 10))).containsExactly("s1");
    }

    @Test
    void keepsDeadLettersApart() {
        seed();

        assertThat(ids(TENANT_A, EventQuery.all(Dataset.DEAD_LETTERS, 100))).containsExactly("e7");
        assertThat(ids(TENANT_A, new EventQuery(Dataset.DEAD_LETTERS, "error.message:parse", Long.MIN_VALUE,
                        Long.MAX_VALUE, SortOrder.NEWEST_FIRST, 0, 10)))
                .containsExactly("e7");
        assertThat(ids("")).doesNotContain("e7").hasSize(6);
    }

    @Test
    void restrictsToHalfOpenTimeRange() {
        seed();

        assertThat(ids(TENANT_A, query("", T0 + MINUTE, T0 + 3 * MINUTE))).containsExactly("e3", "e2");
        assertThat(ids(TENANT_A, query("", T0 + DAY_MILLIS, Long.MAX_VALUE))).containsExactly("e8");
        assertThat(ids(TENANT_A, query("", Long.MIN_VALUE, T0))).isEmpty();
        assertThat(ids(TENANT_A, query("", T0, T0))).isEmpty();
        assertThat(ids(TENANT_A, query("user.name:admin", T0 - DAY_MILLIS, T0 + DAY_MILLIS))).containsExactly("e1");
    }

    // ---------------------------------------------------------------- query language

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            textBlock = """
            source.ip:10.1.2.3                                          | e1 e8
            source.ip:"10.0.0.0/8"                                      | e1 e2 e8
            source.ip:10.0.0.0/8                                        | e1 e2 e8
            source.ip:10.1.0.0/16 OR destination.ip:10.1.2.3            | e1 e3 e8
            source.ip:[10.0.0.0 TO 10.255.255.255]                      | e1 e2 e8
            source.ip:{10.1.2.3 TO 172.16.5.4]                          | e2 e3
            source.ip:>=172.16.0.0                                      | e3 e4
            source.ip:"2001:db8::/32"                                   | e4
            source.ip:2001:db8::1                                       | e4
            destination.port:22                                         | e1 e8
            destination.port:[1 TO 1024]                                | e1 e2 e5 e8
            destination.port:{22 TO 443}                                | e5
            http.response.status_code:>=500                             | e3 e4
            http.response.status_code:<500                              | e2
            @timestamp:[2026-11-25T10:00:30Z TO 2026-11-25T10:02:00Z]   | e2 e3
            @timestamp:>=2026-11-26                                     | e8
            @timestamp:2026-11-26                                       | e8
            @timestamp:<1795600830000                                   | e1
            user.name:admin                                             | e1 e8
            user.name:Admin                                             | e5
            user.name:adm*                                              | e1 e4 e8
            user.name:adm?n                                             | e1 e8
            user.name:/adm.n/                                           | e1 e8
            user.name:*                                                 | e1 e2 e4 e5 e8
            _exists_:http.response.status_code                          | e2 e3 e4
            message:failed                                              | e1 e8
            message:FAILED                                              | e1 e8
            failed                                                      | e1 e8
            "login failed"                                              | e1 e8
            "failed login"                                              | ''
            message:10.1.2.3                                            | e1
            message:"/etc/passwd"                                       | e4
            message:pass*                                               | e4
            url.original:"his.hospital.local"                           | e2
            event.outcome:failure AND NOT user.name:admin               | e3
            NOT user.name:admin                                         | e2 e3 e4 e5
            -destination.port:22 AND +event.outcome:failure             | e3
            (user.name:alice OR user.name:administrator) AND destination.port:[400 TO 9000] | e2 e4
            fortinet.policyid:42                                        | e5
            dns.question.name:example.org                               | e5
            *:*                                                         | e1 e2 e3 e4 e5 e8
            *                                                           | e1 e2 e3 e4 e5 e8
            ''                                                          | e1 e2 e3 e4 e5 e8
            """)
    void answersQuery(String query, String expected) {
        seed();

        List<String> want = expected.isBlank() ? List.of() : List.of(expected.trim().split(" +"));
        assertThat(ids(query)).as(query).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void rejectsInvalidSyntaxWithPosition() {
        seed();

        assertThatThrownBy(() -> ids("source.ip:(10.1"))
                .isInstanceOfSatisfying(MedsocException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(StandardErrorCode.INVALID_QUERY.toErrorCode());
                    assertThat(e.errorCode().type()).isEqualTo(ErrorType.USER);
                })
                .hasMessageContaining("source.ip:(10.1")
                .hasMessageContaining("column");
        assertThatThrownBy(() -> ids("user.name:\"unterminated"))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("unterminated");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            textBlock = """
            source.ip:10.1.2.999                | 10.1.2.999
            source.ip:"10.0.0.0/33"             | 33
            destination.port:ssh                | ssh
            destination.port:[1 TO many]        | many
            @timestamp:>=yesterday-ish          | yesterday-ish
            """)
    void rejectsValuesThatDoNotFitTheFieldType(String query, String quoted) {
        assertThatThrownBy(() -> ids(query))
                .isInstanceOfSatisfying(
                        MedsocException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(StandardErrorCode.INVALID_QUERY.toErrorCode()))
                .hasMessageContaining(quoted);
    }

    // ---------------------------------------------------------------- sort, paging, totals

    @Test
    void sortsAndPagesWithExactTotal() {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            events.add(event("p" + i, T0 + i * MINUTE, "event " + i)
                    .put(Fields.DESTINATION_PORT, Integer.toString(1000 - i * 10))
                    .put(Fields.USER_NAME, "user" + (char) ('a' + (i % 26)))
                    .put(Fields.SOURCE_IP, "10.0." + i + ".1"));
        }
        store.write(events, WriteMode.APPEND);
        store.refresh();

        SearchResult newest = store.search(TENANT_A, EventQuery.of("", 3));
        assertThat(newest.total()).isEqualTo(25);
        assertThat(newest.events()).extracting(Event::id).containsExactly("p24", "p23", "p22");

        SearchResult page = store.search(TENANT_A,
                new EventQuery(Dataset.EVENTS, "", Long.MIN_VALUE, Long.MAX_VALUE,
                        new SortOrder("destination.port", false), 10, 5));
        assertThat(page.total()).isEqualTo(25);
        assertThat(page.events()).extracting(Event::id).containsExactly("p14", "p13", "p12", "p11", "p10");

        SearchResult byName = store.search(TENANT_A,
                new EventQuery(Dataset.EVENTS, "", Long.MIN_VALUE, Long.MAX_VALUE,
                        new SortOrder("user.name", true), 0, 2));
        assertThat(byName.events()).extracting(Event::id).containsExactly("p24", "p23");

        SearchResult byIp = store.search(TENANT_A,
                new EventQuery(Dataset.EVENTS, "", Long.MIN_VALUE, Long.MAX_VALUE,
                        new SortOrder("source.ip", false), 0, 3));
        assertThat(byIp.events()).extracting(Event::id).containsExactly("p0", "p1", "p2");

        SearchResult oldest = store.search(TENANT_A,
                new EventQuery(Dataset.EVENTS, "", Long.MIN_VALUE, Long.MAX_VALUE,
                        new SortOrder("@timestamp", false), 23, 5));
        assertThat(oldest.events()).extracting(Event::id).containsExactly("p23", "p24");

        SearchResult countOnly = store.search(TENANT_A, EventQuery.of("destination.port:>=900", 0));
        assertThat(countOnly.total()).isEqualTo(11);
        assertThat(countOnly.events()).isEmpty();
    }

    @Test
    void rejectsPagingBeyondTheResultWindow() {
        seed();

        assertThatThrownBy(() -> store.search(TENANT_A,
                        new EventQuery(Dataset.EVENTS, "", Long.MIN_VALUE, Long.MAX_VALUE, SortOrder.NEWEST_FIRST,
                                5_000_000, 10)))
                .isInstanceOfSatisfying(
                        MedsocException.class, e -> assertThat(e.errorCode().type()).isEqualTo(ErrorType.USER));
    }

    // ---------------------------------------------------------------- aggregations

    @Test
    void countsPerAlignedBucketOmittingEmptyOnes() {
        seed();

        List<HistogramBucket> hourly = store.histogram(TENANT_A, EventQuery.of("", 0), Duration.ofHours(1));

        assertThat(hourly).containsExactly(
                new HistogramBucket(T0, 4),
                new HistogramBucket(T0 + HOUR, 1),
                new HistogramBucket(T0 + DAY_MILLIS, 1));
        assertThat(store.histogram(TENANT_A, query("user.name:admin", T0, T0 + DAY_MILLIS), Duration.ofMinutes(1)))
                .containsExactly(new HistogramBucket(T0, 1));
    }

    @Test
    void ranksTopValuesByCountThenValue() {
        seed();

        assertThat(store.topValues(TENANT_A, EventQuery.of("", 0), "user.name", 10)).containsExactly(
                new ValueCount("admin", 2),
                new ValueCount("Admin", 1),
                new ValueCount("administrator", 1),
                new ValueCount("alice", 1));
        assertThat(store.topValues(TENANT_A, EventQuery.of("", 0), "user.name", 2))
                .containsExactly(new ValueCount("admin", 2), new ValueCount("Admin", 1));
        List<ValueCount> ips = store.topValues(TENANT_A, EventQuery.of("", 0), "source.ip", 10);
        assertThat(ips.get(0)).isEqualTo(new ValueCount("10.1.2.3", 2));
        assertThat(ips.subList(1, ips.size())).containsExactlyInAnyOrder(
                new ValueCount("10.200.0.5", 1),
                new ValueCount("172.16.5.4", 1),
                new ValueCount("2001:db8::1", 1),
                new ValueCount("8.8.8.8", 1));
        assertThat(store.topValues(TENANT_A, EventQuery.of("event.outcome:failure", 0), "destination.port", 10))
                .containsExactly(new ValueCount("22", 2), new ValueCount("3389", 1));
        assertThat(store.topValues(TENANT_A, EventQuery.of("", 0), "event.no_such_field", 10)).isEmpty();
    }

    @Test
    void rejectsTopValuesOfAnInvalidFieldName() {
        seed();

        assertThatThrownBy(() -> store.topValues(TENANT_A, EventQuery.of("", 0), "not a field!", 10))
                .isInstanceOfSatisfying(
                        MedsocException.class, e -> assertThat(e.errorCode().type()).isEqualTo(ErrorType.USER));
    }

    // ---------------------------------------------------------------- writes, durability, partitions

    @Test
    void upsertReplacesTheEventWithTheSameId() {
        store.write(List.of(event("u1", T0, "first").put(Fields.USER_NAME, "alice")), WriteMode.APPEND);
        store.write(
                List.of(event("u1", T0, "second").put(Fields.USER_NAME, "root"), event("u2", T0 + 1, "other")),
                WriteMode.UPSERT);
        store.refresh();

        SearchResult all = store.search(TENANT_A, EventQuery.of("", 10));
        assertThat(all.total()).isEqualTo(2);
        assertThat(all.events()).extracting(Event::id).containsExactly("u2", "u1");
        assertThat(all.events().get(1).original()).isEqualTo("second");
        assertThat(ids("user.name:alice")).isEmpty();
        assertThat(ids("user.name:root")).containsExactly("u1");
    }

    @Test
    void rejectsEventsWithoutId() {
        Event noId = new Event(TENANT_A, T0, "no id");

        assertThatThrownBy(() -> store.write(List.of(event("ok", T0, "fine"), noId), WriteMode.APPEND))
                .isInstanceOf(MedsocException.class)
                .hasMessageContaining("id");
    }

    @Test
    void keepsCommittedEventsAcrossReopen() {
        seed();
        store.commit();

        reopen();

        assertThat(ids("source.ip:10.1.2.3")).containsExactlyInAnyOrder("e1", "e8");
        assertThat(ids(TENANT_A, EventQuery.all(Dataset.DEAD_LETTERS, 10))).containsExactly("e7");
        store.write(List.of(event("after", T0 + 10, "written after reopen")), WriteMode.APPEND);
        store.refresh();
        assertThat(store.search(TENANT_A, EventQuery.of("", 0)).total()).isEqualTo(7);
    }

    @Test
    void listsPartitionsOldestFirstAndDropsThem() {
        seed();
        store.commit();

        List<Partition> partitions = store.partitions();

        assertThat(partitions).extracting(Partition::day).isSorted();
        assertThat(partitions)
                .extracting(p -> p.dataset() + " " + p.day() + " " + p.eventCount())
                .containsExactlyInAnyOrder(
                        "EVENTS 2026-11-25 6", "DEAD_LETTERS 2026-11-25 1", "EVENTS 2026-11-26 1");
        assertThat(partitions).allSatisfy(p -> assertThat(p.sizeBytes()).isPositive());
        Partition nextDay = partitions.stream()
                .filter(p -> p.day().equals(DAY.plusDays(1)))
                .findFirst()
                .orElseThrow();

        assertThat(store.drop(nextDay.name())).isTrue();

        assertThat(ids("source.ip:10.1.2.3")).containsExactly("e1");
        assertThat(store.partitions()).extracting(Partition::name).doesNotContain(nextDay.name());
        assertThat(store.drop(nextDay.name())).isFalse();
        assertThat(store.drop("no-such-partition")).isFalse();
        reopen();
        assertThat(store.partitions()).hasSize(2);
        assertThat(ids("source.ip:10.1.2.3")).containsExactly("e1");
    }

    @Test
    void placesPartitionsByUtcDay() {
        long lastMilliOfDay = DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() - 1;
        store.write(
                List.of(event("late", lastMilliOfDay, "late"), event("early", lastMilliOfDay + 1, "early")),
                WriteMode.APPEND);
        store.commit();

        assertThat(store.partitions())
                .extracting(p -> p.day() + " " + p.eventCount())
                .containsExactly(DAY + " 1", DAY.plusDays(1) + " 1");
    }
}
