package dev.insight.gateway.account;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.support.problem.Problem;
import dev.insight.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What a username and a password must be; every broken rule is named in one 400. */
@ApplicationScoped
public class CredentialRules {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Longest values looked at during login, far above any valid one; anything longer is a malformed request. */
    static final int LOGIN_USERNAME_MAX = 256;
    static final int LOGIN_PASSWORD_MAX = 1024;

    private final GatewayConfig.Accounts config;

    public CredentialRules(GatewayConfig config) {
        this.config = config.accounts();
    }

    /** For registration: the full rules. */
    public void checkNew(Credentials body) {
        requireBody(body);
        List<Problem.FieldError> errors = new ArrayList<>();
        String username = body.username();
        String password = body.password();
        if (username == null) {
            errors.add(new Problem.FieldError("username", "is required"));
        } else if (username.length() < config.usernameMinChars() || username.length() > config.usernameMaxChars()) {
            errors.add(new Problem.FieldError("username", "must be " + config.usernameMinChars() + " to "
                    + config.usernameMaxChars() + " characters long (got " + username.length() + ")"));
        } else if (!USERNAME.matcher(username).matches()) {
            errors.add(new Problem.FieldError("username",
                    "may contain only letters a-z, digits, '.', '_' and '-', and must start with a letter or a digit"));
        }
        if (password == null) {
            errors.add(new Problem.FieldError("password", "is required"));
        } else {
            int chars = password.codePointCount(0, password.length());
            int bytes = password.getBytes(StandardCharsets.UTF_8).length;
            if (!password.isEmpty()
                    && password.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
                errors.add(new Problem.FieldError("password", "must not be only spaces or other whitespace"));
            } else if (chars < config.passwordMinChars()) {
                errors.add(new Problem.FieldError("password", "must be at least " + config.passwordMinChars()
                        + " characters long (got " + chars + ")"));
            } else if (bytes > config.passwordMaxBytes()) {
                errors.add(new Problem.FieldError("password", "must be at most " + config.passwordMaxBytes()
                        + " bytes in UTF-8 (got " + bytes + "); longer passwords would be cut short by bcrypt"));
            }
            if (password.codePoints().anyMatch(Character::isISOControl)) {
                errors.add(new Problem.FieldError("password", "must not contain control characters"));
            }
            if (username != null && password.toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT))) {
                errors.add(new Problem.FieldError("password", "must not be the username"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }

    /** Whether a registered account could have this username (its characters; lengths are configuration's). */
    static boolean couldBeUsername(String username) {
        return USERNAME.matcher(username).matches();
    }

    /** For login: only the shape is checked; any wrong value is the same 401 as a wrong password. */
    public void checkLogin(Credentials body) {
        requireBody(body);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.username() == null || body.username().isEmpty()) {
            errors.add(new Problem.FieldError("username", "is required"));
        } else if (body.username().length() > LOGIN_USERNAME_MAX) {
            errors.add(new Problem.FieldError("username", "is far too long to be a username"));
        }
        if (body.password() == null || body.password().isEmpty()) {
            errors.add(new Problem.FieldError("password", "is required"));
        } else if (body.password().length() > LOGIN_PASSWORD_MAX) {
            errors.add(new Problem.FieldError("password", "is far too long to be a password"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request",
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors);
        }
    }

    private static void requireBody(Credentials body) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON body {\"username\": \"…\", \"password\": \"…\"} is required.");
        }
    }
}
