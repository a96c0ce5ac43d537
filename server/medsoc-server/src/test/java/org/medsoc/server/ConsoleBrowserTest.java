package org.medsoc.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.medsoc.common.Settings;

/**
 * The web console in a real headless Chromium against a real node serving it: {@code console/e2e/console.e2e.mjs}
 * (playwright-core) signs in, folds and unfolds the side bar's sections by keyboard, finds an ingested attack in
 * event search, works its incident to closure, switches
 * language and theme, and checks that a viewer of hospital B never sees hospital A's incident; an administrator
 * then works the asset ledger, vulnerability findings (KEV, EPSS, remediation plan, a scan import with its progress),
 * advisories (title, severity, CVEs), threat intelligence (a STIX import with progress, a refused file explained, a
 * warning list of its own), a rule pack uploaded with progress, playbooks (disable by keyboard through {@code PATCH},
 * a stale version refused with 409 and explained, a run approved by hand) and on-call (who is on duty, a channel test delivered to a real
 * webhook, the tenant's pages); and on a hub (a node with {@code node.role=hub}, see {@link ConsoleRegion})
 * the region view, a warning issued and verified, and a trace whose answers arrive while the console shows its
 * progress. A plain node hides the region view (its {@code /api/v1/hub/region} answers 404). It writes the screenshots
 * of {@code docs/screenshots/}.
 *
 * <p>The scan report comes from {@code /work/shared/samples/scans} (or {@code E2E_SCAN_SAMPLES}); when it is absent
 * the import step is skipped and says so.
 *
 * <p>Needs Node.js, {@code console/node_modules} (the medsoc-console build runs {@code npm ci}) and {@code
 * /usr/bin/chromium}; when Chromium is missing and the test runs as root on a Debian-like system it installs the
 * {@code chromium} package, otherwise it fails saying what to install.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
    private static final String BOOTSTRAP = "bootstrap-token-0123456789abcdef";
    private static final String PASSWORD = "Correct-Horse-Battery-42";
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("E2E_CHROMIUM", "/usr/bin/chromium"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCAN_SAMPLE = Path.of(System.getenv().getOrDefault("E2E_SCAN_SAMPLES",
            "/work/shared/samples/scans"), "tenable/nessus/nessus_many_vuln.xml");

    private Node node;
    private ConsoleRegion region;
    private HttpServer webhook;
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private Path dataDir;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        dataDir = dir.resolve("data");
        // a real webhook receiver for the notification channel (channel test, playbook notify, on-call page)
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/soc-hook", ex -> {
            delivered.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        webhook.start();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("node.data-dir", dataDir.toString());
        settings.put("node.tenant", "provider");
        settings.put("http.bind", "127.0.0.1");
        settings.put("http.port", "0");
        settings.put("ingest.syslog.enabled", "false");
        settings.put("ingest.pipeline.commit-interval", "200ms");
        settings.put("store.lucene.refresh-interval", "100ms");
        settings.put("notify.channel.soc-webhook.type", "webhook");
        settings.put("notify.channel.soc-webhook.url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/soc-hook");
        settings.put("notify.channel.soc-webhook.secret", "console-test-hook-secret");
        node = Node.start(new NodeConfig(Settings.of(settings)), BOOTSTRAP);
        for (String h : List.of("hospital-a", "hospital-b")) {
            expect(call("POST", "/api/v1/tenants", Map.of("id", h, "name", "Hospital " + h, "parent", "provider"), null),
                    201);
        }
        expect(call("POST", "/api/v1/users", Map.of("username", "analyst-a", "displayName", "Analyst A",
                "homeTenant", "hospital-a", "password", PASSWORD, "roles", List.of("analyst")), null), 201);
        expect(call("POST", "/api/v1/users", Map.of("username", "viewer-b", "displayName", "Viewer B",
                "homeTenant", "hospital-b", "password", PASSWORD, "roles", List.of("tenant_viewer")), null), 201);
        // hospital-a's on-call roster first, so that the attack's incident pages the engineer on duty
        expect(send("PUT", "/api/v1/oncall", "application/yaml", bytes("console/oncall.yml"), "hospital-a"), 200);
        String attack = Files.readString(resource("console/sysmon-vssadmin.ndjson"), StandardCharsets.UTF_8);
        expect(call("POST", "/api/v1/ingest", attack, "hospital-a"), 200);
        awaitIncident("hospital-a");
        // assets and vulnerabilities: the ledger, a scan with Log4j on the PACS server (known exploited, EPSS),
        // and an advisory matching a Tomcat server
        expect(send("POST", "/api/v1/assets/import", "text/csv", bytes("response/ledger.csv"), "hospital-a"), 200);
        expect(send("POST", "/api/v1/vulnerabilities/import?source=nuclei-weekly", "application/json",
                bytes("response/pacs-scan.nuclei.jsonl"), "hospital-a"), 200);
        expect(send("POST", "/api/v1/vulnerabilities/kev", "application/json", bytes("console/kev.json"), "hospital-a"), 200);
        expect(send("POST", "/api/v1/vulnerabilities/epss", "text/csv", bytes("console/epss.csv"), "hospital-a"), 200);
        expect(call("POST", "/api/v1/assets", tomcatServer(), "hospital-a"), 201);
        HttpResponse<String> advisory = send("POST", "/api/v1/advisories", "application/json",
                bytes("response/nvd-tomcat.json"), null);
        expect(advisory, 200);
        assertThat(advisory.body()).as("the advisory matches hospital-a's Tomcat").contains("hospital-a");
        // a playbook started by hand that waits for approval
        expect(send("PUT", "/api/v1/playbooks/page-after-approval", "application/yaml",
                bytes("console/page-after-approval.yml"), "hospital-a"), 201);
        // a hub (node.role=hub) with two member hospitals, for the console's region view
        region = new ConsoleRegion(dir.resolve("region"), BOOTSTRAP);
    }

    /** An application server of hospital-a running Tomcat 9.0.80 (the advisory nvd-tomcat.json affects it). */
    private static Map<String, Object> tomcatServer() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("kind", "HOST");
        a.put("name", "pacs-web-01");
        a.put("ips", List.of("10.20.5.21"));
        a.put("macs", List.of());
        a.put("hostnames", List.of("pacs-web-01"));
        a.put("osName", "Linux");
        a.put("osVersion", "");
        a.put("middleware", List.of(Map.of("name", "tomcat", "version", "9.0.80")));
        a.put("databases", List.of());
        a.put("frameworks", List.of());
        for (String k : List.of("vendor", "model", "firmware", "modality", "ruleLibraryVersion", "location")) {
            a.put(k, "");
        }
        a.put("businessSystem", "PACS");
        a.put("owner", "王工");
        a.put("department", "影像科");
        a.put("criticality", 3);
        a.put("exposure", List.of());
        a.put("ports", List.of());
        a.put("cpes", List.of("cpe:2.3:a:apache:tomcat:9.0.80:*:*:*:*:*:*:*"));
        a.put("tags", List.of());
        return a;
    }

    @AfterAll
    void stop() throws Exception {
        if (region != null) {
            region.close();
        }
        if (node != null) {
            node.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    void consoleWorksAnAttackToClosureInARealBrowser() throws Exception {
        Path root = repositoryRoot();
        Path script = root.resolve("console/e2e/console.e2e.mjs");
        ensureChromium();
        ensureNodeModules(root.resolve("console"));
        assertThat(getClass().getClassLoader().getResource(WebConsole.ROOT + "/index.html"))
                .as("the console is not on the class path: build server/medsoc-console without -Dmedsoc.console.skip")
                .isNotNull();

        String adminPassword = Files.readString(dataDir.resolve("admin-password"), StandardCharsets.UTF_8).strip();
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), "--base", node.baseUrl(),
                "--screenshots", root.resolve("docs/screenshots").toString())
                .directory(root.resolve("console").toFile())
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("E2E_ANALYST_USER", "analyst-a");
        env.put("E2E_ANALYST_PASSWORD", PASSWORD);
        env.put("E2E_VIEWER_USER", "viewer-b");
        env.put("E2E_VIEWER_PASSWORD", PASSWORD);
        env.put("E2E_ADMIN_USER", Node.ADMIN_USER);
        env.put("E2E_ADMIN_PASSWORD", adminPassword);
        env.put("E2E_CHROMIUM", CHROMIUM.toString());
        env.put("E2E_OUTPUT", System.getProperty("java.io.tmpdir"));
        env.put("E2E_HUB_BASE", region.baseUrl());
        env.put("E2E_HUB_ADMIN_USER", Node.ADMIN_USER);
        env.put("E2E_HUB_ADMIN_PASSWORD", region.adminPassword());
        env.put("E2E_STIX_BUNDLE", resource("response/commission-c2.json").toString());
        env.put("E2E_RULE_PACK", resource("console/hospital-pack.yml").toString());
        if (Files.isRegularFile(SCAN_SAMPLE)) {
            env.put("E2E_SCAN_REPORT", SCAN_SAMPLE.toString());
        } else {
            System.out.println("no scan report sample at " + SCAN_SAMPLE + ": the browser test skips the scan import");
        }
        Process p = pb.start();
        p.getOutputStream().close();
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("reading the script's output failed: ").append(e);
            }
        });
        boolean finished = p.waitFor(150, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        reader.join(5_000);
        System.out.println("---- console.e2e.mjs ----\n" + out + "-------------------------");
        assertThat(finished).as("console.e2e.mjs did not finish within 150 s:\n" + out).isTrue();
        assertThat(p.exitValue()).as("console.e2e.mjs failed:\n" + out).isZero();
        assertThat(out).contains("PASS:");
        for (String shot : List.of("login", "overview", "overview-zh", "overview-dark", "events", "incidents", "incident",
                "rules", "assets", "asset", "assets-zh", "vulnerabilities", "remediation-plan", "advisories", "intel",
                "warning-lists", "playbooks", "oncall", "hub", "hub-zh", "hub-dark")) {
            assertThat(root.resolve("docs/screenshots/" + shot + ".png")).isNotEmptyFile();
        }
        if (Files.isRegularFile(SCAN_SAMPLE)) {
            assertThat(root.resolve("docs/screenshots/scan-import.png")).isNotEmptyFile();
        }
        // what the browser did reached the real webhook: the channel test, the approved playbook, the page
        assertThat(delivered).anySatisfy(d -> assertThat(d).contains("channel soc-webhook works"));
        assertThat(delivered).anySatisfy(d -> assertThat(d).contains("PACS ransomware: please join the bridge"));
    }

    @Test
    void servesTheConsoleBesideTheApi() throws Exception {
        // the console's own paths answer its page without a token, so that a reload of /incidents/7 works
        HttpResponse<String> page = plain("/incidents/7");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<div id=\"root\">");
        HttpResponse<String> index = plain("/");
        assertThat(index.statusCode()).isEqualTo(200);
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"")
                .matcher(index.body());
        assertThat(script.find()).as(index.body()).isTrue();
        HttpResponse<String> js = plain(script.group(1));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        // a browser's reload revalidates the file: 304, not an error
        String etag = js.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + script.group(1)))
                .header("If-None-Match", etag).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        // the API keeps its answers: unknown API paths are problems, data needs a token
        HttpResponse<String> unknown = call("GET", "/api/v1/no-such-thing", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(plain("/api/v1/incidents").statusCode()).isEqualTo(401);
        assertThat(plain("/api/v1/no-such-thing").statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> plain(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Installs Chromium when absent and allowed (root with apt-get), else fails saying what to do. */
    private static void ensureChromium() throws Exception {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        Path apt = Path.of("/usr/bin/apt-get");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root || !Files.isExecutable(apt) || !CHROMIUM.equals(Path.of("/usr/bin/chromium"))) {
            throw new AssertionError(CHROMIUM + " is missing: install Chromium (Debian/Ubuntu: 'apt-get install -y "
                    + "chromium') or point E2E_CHROMIUM at a Chromium binary; this test is not skipped without it");
        }
        System.out.println("installing Chromium (and a CJK font for the Chinese screens): apt-get install -y chromium fonts-wqy-zenhei");
        int rc = run(List.of(apt.toString(), "install", "-y", "--no-install-recommends", "chromium", "fonts-wqy-zenhei"), 600);
        if (rc != 0) {
            run(List.of(apt.toString(), "update"), 300);
            rc = run(List.of(apt.toString(), "install", "-y", "--no-install-recommends", "chromium", "fonts-wqy-zenhei"), 600);
        }
        assertThat(rc).as("apt-get install -y chromium failed; install Chromium by hand").isZero();
        assertThat(CHROMIUM).as("apt-get installed chromium but " + CHROMIUM + " is missing").isExecutable();
    }

    /** playwright-core comes from console/node_modules (npm ci, which the medsoc-console build runs). */
    private static void ensureNodeModules(Path console) throws Exception {
        if (Files.isDirectory(console.resolve("node_modules/playwright-core"))) {
            return;
        }
        Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(console.toFile())
                .inheritIO().start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0).as("npm ci in " + console).isTrue();
        assertThat(console.resolve("node_modules/playwright-core"))
                .as("npm ci in " + console + " did not install playwright-core").isDirectory();
    }

    private static int run(List<String> command, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("console/e2e/console.e2e.mjs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("console/e2e/console.e2e.mjs not found above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    private static Path resource(String name) throws Exception {
        var url = ConsoleBrowserTest.class.getClassLoader().getResource(name);
        assertThat(url).as("test resource " + name).isNotNull();
        return Path.of(url.toURI());
    }

    private void awaitIncident(String tenant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = call("GET", "/api/v1/incidents", null, tenant);
            if (r.statusCode() == 200 && JSON.readTree(r.body()).get("total").asLong() > 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no incident appeared for " + tenant);
    }

    private static void expect(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.uri() + ": " + r.body()).isEqualTo(status);
    }

    private static byte[] bytes(String name) throws Exception {
        return Files.readAllBytes(resource(name));
    }

    private HttpResponse<String> send(String method, String path, String type, byte[] body, String tenant)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + BOOTSTRAP)
                .header("Content-Type", type);
        if (tenant != null) {
            b.header("X-Medsoc-Tenant", tenant);
        }
        return http.send(b.method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path, Object body, String tenant)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + BOOTSTRAP);
        if (tenant != null) {
            b.header("X-Medsoc-Tenant", tenant);
        }
        if (body instanceof String s) {
            b.header("Content-Type", "application/x-ndjson").method(method, HttpRequest.BodyPublishers.ofString(s));
        } else if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
