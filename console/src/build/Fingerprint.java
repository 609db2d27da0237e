import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Copies the console's sources to the folder the jar is made from, giving every asset a name that changes with its
 * content ({@code app.js} becomes {@code app.<10 hex digits>.js}) and rewriting the references to it, so that the
 * gateway can let browsers cache assets for a year and a changed file always gets a new URL. Pages ({@code *.html})
 * keep their names and are revalidated on every use.
 * <p>
 * An asset's hash is taken after its own references have been rewritten, so a change in a module also renames
 * every module that imports it, up to the page. {@code @name@} tokens given on the command line are replaced first
 * (the chart library's version comes from the build this way).
 * <p>
 * Run by the JDK's single-file launcher from the module's pom:
 * {@code java Fingerprint.java SOURCE_DIR TARGET_DIR [name=value...]}. TARGET_DIR is emptied first.
 */
public final class Fingerprint {

    private static final Set<String> TEXT = Set.of("html", "js", "mjs", "css", "svg", "json", "txt", "webmanifest");
    private static final int HASH_DIGITS = 10;
    /**
     * A relative or root-relative file name between quotes or in {@code url(...)}: how modules, pages and
     * stylesheets name each other. Only names of files in the source folder are rewritten.
     */
    private static final Pattern REFERENCE = Pattern.compile("(?<=[\"'(])/?([A-Za-z0-9_.\\-]+/)*[A-Za-z0-9_.\\-]+\\.[A-Za-z0-9]+(?=[\"')?#])");
    /** What a build token looks like ({@code @echarts.version@}); one the build does not define is an error. */
    private static final Pattern TOKEN = Pattern.compile("@[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+@");

    private final Path source;
    private final Path target;
    private final Map<String, String> tokens;
    /** Source-relative path (with '/') to its text after token replacement; binary files map to null. */
    private final Map<String, String> texts = new TreeMap<>();
    /** Source-relative path of each asset to its fingerprinted path. */
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final Set<String> inProgress = new LinkedHashSet<>();

    private Fingerprint(Path source, Path target, Map<String, String> tokens) {
        this.source = source;
        this.target = target;
        this.tokens = tokens;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java Fingerprint.java SOURCE_DIR TARGET_DIR [name=value...]");
            System.exit(2);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a token must be name=value: " + args[i]);
            }
            tokens.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        new Fingerprint(Path.of(args[0]), Path.of(args[1]), tokens).run();
    }

    private void run() throws IOException {
        if (!Files.isDirectory(source)) {
            throw new IOException("no source folder " + source.toAbsolutePath());
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = relative(file);
            texts.put(name, TEXT.contains(extension(name)) ? replaceTokens(name, Files.readString(file)) : null);
        }
        for (String name : texts.keySet()) {
            if (!isPage(name)) {
                fingerprint(name);
            }
        }
        clean(target);
        for (Map.Entry<String, String> e : texts.entrySet()) {
            String name = e.getKey();
            String out = isPage(name) ? name : renamed.get(name);
            Path destination = target.resolve(out);
            Files.createDirectories(destination.getParent());
            if (e.getValue() == null) {
                Files.copy(source.resolve(name), destination);
            } else {
                Files.writeString(destination, isPage(name) ? rewrite(name, e.getValue()) : e.getValue(), StandardCharsets.UTF_8);
            }
        }
        System.out.println("[console] " + renamed.size() + " assets fingerprinted into " + target + ": "
                + String.join(", ", renamed.values()));
    }

    /** Names the asset after the hash of its content, once the assets it refers to have their names. */
    private String fingerprint(String name) {
        String done = renamed.get(name);
        if (done != null) {
            return done;
        }
        if (!inProgress.add(name)) {
            throw new IllegalStateException("assets refer to each other in a cycle: " + String.join(" -> ", inProgress) + " -> " + name);
        }
        byte[] content;
        String text = texts.get(name);
        if (text == null) {
            try {
                content = Files.readAllBytes(source.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            text = rewrite(name, text);
            texts.put(name, text);
            content = text.getBytes(StandardCharsets.UTF_8);
        }
        int dot = name.lastIndexOf('.');
        String out = name.substring(0, dot) + "." + sha256(content).substring(0, HASH_DIGITS) + name.substring(dot);
        inProgress.remove(name);
        renamed.put(name, out);
        return out;
    }

    /** The text with every reference to an asset replaced by the asset's fingerprinted name (same style of path). */
    private String rewrite(String from, String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String reference = m.group();
            String resolved = resolve(from, reference);
            String replacement = reference;
            if (resolved != null && texts.containsKey(resolved) && !isPage(resolved)) {
                String fingerprinted = fingerprint(resolved);
                String oldFile = resolved.substring(resolved.lastIndexOf('/') + 1);
                String newFile = fingerprinted.substring(fingerprinted.lastIndexOf('/') + 1);
                replacement = reference.substring(0, reference.length() - oldFile.length()) + newFile;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The source-relative path a reference in file {@code from} points at, or null when it leaves the folder. */
    private static String resolve(String from, String reference) {
        String base = reference.startsWith("/") ? "" : from.contains("/") ? from.substring(0, from.lastIndexOf('/') + 1) : "";
        Path p = Path.of(base + (reference.startsWith("/") ? reference.substring(1) : reference)).normalize();
        String s = p.toString().replace('\\', '/');
        return s.startsWith("..") ? null : s;
    }

    private String replaceTokens(String name, String text) {
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            text = text.replace("@" + t.getKey() + "@", t.getValue());
        }
        Matcher unknown = TOKEN.matcher(text);
        if (unknown.find()) {
            throw new IllegalStateException(name + " uses the token " + unknown.group() + ", which the build does not define");
        }
        return text;
    }

    private String relative(Path file) {
        return source.relativize(file).toString().replace('\\', '/');
    }

    private static boolean isPage(String name) {
        return name.endsWith(".html");
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes what an earlier run wrote, so that no stale fingerprinted file reaches the jar. */
    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            List<Path> paths = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
            }
            for (Path p : paths) {
                Files.delete(p);
            }
        }
        Files.createDirectories(dir);
    }
}
