package dev.insight.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every limit and tunable of the gateway; environment overrides follow the usual Quarkus mapping
 * (GATEWAY_SESSION_IDLE_TIMEOUT, GATEWAY_RATE_LIMIT_CHAT_REQUESTS, …). Upstream URLs and the signing key use
 * the suite-wide names from DESIGN.md (MEMORY_URL, FILES_URL, CHAT_URL, JWT_PRIVATE_KEY) in application.properties.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Accounts accounts();

    Session session();

    Jwt jwt();

    @WithName("rate-limit")
    RateLimits rateLimit();

    Upstreams upstreams();

    Routes routes();

    Breaker breaker();

    Status status();

    Erasure erasure();

    Web web();

    @WithName("access-log")
    AccessLog accessLog();

    interface Accounts {
        @WithDefault("3")
        int usernameMinChars();

        @WithDefault("32")
        int usernameMaxChars();

        /** NIST SP 800-63B asks for at least 8; longer is better and costs the user nothing with a manager. */
        @WithDefault("10")
        int passwordMinChars();

        /** bcrypt reads at most 72 bytes; a longer password would be silently cut, so it is refused instead. */
        @WithDefault("72")
        int passwordMaxBytes();

        /** bcrypt work factor (log2 of the rounds); 12 takes about a quarter of a second on one core. */
        @WithDefault("12")
        int bcryptCost();

        /** Threads that hash passwords: the CPU-heavy part of register and login, kept off the event loop. */
        @WithDefault("2")
        int hashingThreads();

        /** Hashing jobs that may wait for a thread; past this, register and login answer 503 instead of queueing forever. */
        @WithDefault("64")
        int hashingQueue();

        /** Largest body accepted on the auth endpoints, in bytes. */
        @WithDefault("16384")
        int maxBodyBytes();
    }

    interface Session {
        /** Sliding expiry: a session unused for this long ends. */
        @WithDefault("30M")
        Duration idleTimeout();

        /** Absolute maximum: no session lives longer than this, however busy. */
        @WithDefault("12H")
        Duration absoluteTimeout();

        @WithDefault("insight_session")
        String cookieName();

        /** Readable (not HttpOnly) cookie carrying the CSRF token for the console's scripts. */
        @WithDefault("insight_csrf")
        String csrfCookieName();

        @WithDefault("X-CSRF-Token")
        String csrfHeader();

        /**
         * Past this, a Redis call for sessions or rate limits has failed: the request gets a 503 rather than
         * hanging on a store that does not answer.
         */
        @WithDefault("1S")
        Duration storeTimeout();

        /**
         * How long a replica may answer from its own copy of a session before asking Redis again (which also
         * slides the expiry). Revocations reach every replica at once over Redis pub/sub; while that channel is
         * down, no copy is used. At most a quarter of the idle timeout is used; 0 turns the copies off.
         */
        @WithDefault("2S")
        Duration localCacheTtl();

        @WithDefault("100000")
        int localCacheMaxEntries();
    }

    interface Jwt {
        /** PEM file (PKCS#8) of the RS256 key that signs identity tokens for the services. */
        String privateKey();

        @WithDefault("insight-gateway")
        String issuer();

        /** DESIGN.md: at most 5 minutes. */
        @WithDefault("5M")
        Duration lifetime();

        /**
         * A session's cached token is reused until it has less than this left. Every token forwarded thus has at
         * least this long to live: a chat answer is stored in memory-service with the caller's token once the
         * provider is done, so this is above the chat route's timeout (120 s between two pieces of an answer).
         */
        @WithDefault("180S")
        Duration renewBefore();
    }

    interface RateLimits {
        @WithDefault("60")
        int chatRequests();

        @WithDefault("1M")
        Duration chatWindow();

        @WithDefault("10")
        int loginAttempts();

        @WithDefault("1M")
        Duration loginWindow();

        /**
         * Logins and registrations together per client address, whatever the usernames: one address cannot
         * fill the password-hashing pool (and so refuse everyone else) by spraying names.
         */
        @WithDefault("30")
        int addressAuthRequests();

        @WithDefault("1M")
        Duration addressAuthWindow();
    }

    interface Upstreams {
        Upstream memory();

        Upstream files();

        Upstream chat();

        /** Longest wait for a connection to an upstream (including the pool queue) before answering 502. */
        @WithDefault("500ms")
        Duration connectTimeout();

        /** Extra attempts to connect, for idempotent methods only. */
        @WithDefault("2")
        int connectRetries();

        @WithDefault("50ms")
        Duration retryDelay();

        /** Connections per upstream per event loop. */
        @WithDefault("64")
        int maxConnections();

        /** Requests that may wait for a pooled connection before the gateway answers 503. */
        @WithDefault("512")
        int maxWaitQueue();

        /** How long an idle pooled connection is kept; shorter than the upstreams' own idle timeout. */
        @WithDefault("60S")
        Duration keepAlive();
    }

    interface Upstream {
        /** Base URL (scheme, host, port); paths are forwarded unchanged, so it carries no path. */
        String url();
    }

    /**
     * Per-route timeouts: the longest wait for the upstream's response headers, or between two chunks of its
     * body, counted from the moment the request body has been sent (so a slow upload never times out by itself).
     */
    interface Routes {
        @WithDefault("30S")
        Duration conversationsTimeout();

        @WithDefault("15S")
        Duration searchTimeout();

        @WithDefault("120S")
        Duration filesTimeout();

        @WithDefault("120S")
        Duration chatTimeout();

        /** Largest request body to the JSON routes (DESIGN.md: 1 MiB). */
        @WithDefault("1048576")
        long jsonMaxBodyBytes();

        /** Largest upload: DESIGN.md's 256 MiB plus room for the multipart envelope. */
        @WithDefault("269484032")
        long filesMaxBodyBytes();
    }

    interface Breaker {
        /** Outcomes the breaker looks at before it may open. */
        @WithDefault("10")
        int requestVolume();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open breaker refuses before it lets a trial request through. */
        @WithDefault("5S")
        Duration delay();

        @WithDefault("2")
        int successThreshold();
    }

    interface Status {
        /** How long GET /api/status reuses its probes. */
        @WithDefault("3S")
        Duration cacheTtl();

        @WithDefault("1S")
        Duration probeTimeout();
    }

    interface Erasure {
        /** Timeout of each DELETE /api/me/data call made for DELETE /api/auth/me. */
        @WithDefault("5S")
        Duration callTimeout();

        /** How often erasures that a service could not do yet are retried. */
        @WithDefault("30S")
        Duration retryInterval();

        /** Pending erasures taken per retry round. */
        @WithDefault("50")
        int batchSize();
    }

    interface Web {
        @WithDefault("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
                + "form-action 'self'")
        String contentSecurityPolicy();

        @WithDefault("no-referrer")
        String referrerPolicy();

        @WithDefault("max-age=31536000; includeSubDomains")
        String strictTransportSecurity();

        /** Origins (besides the gateway's own) whose requests may carry a session cookie; same list as CORS. */
        Optional<List<String>> trustedOrigins();
    }

    /** The access log's buffering (dev.insight.gateway.web.AccessLog): lines are published in batches. */
    interface AccessLog {
        /** How long a line may wait before it is published. */
        @WithDefault("200ms")
        Duration flushInterval();

        /** This many waiting lines are published at once, whatever the interval. */
        @WithDefault("256")
        int batchLines();
    }
}
