package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What people really type is rarely what the audits hold: every audit question, damaged the way hurried typing damages
 * text (a word dropped, doubled or swapped with the next, the question cut short, quotes or brackets left open, stray
 * punctuation, capitals, a character from another script), must still be read without the planner failing, and every
 * SQL it answers with must run. Whether such an answer is right is not asked here — only that nothing breaks.
 */
class RobustnessTest {

    private static final List<String> CASE_FILES = List.of("plain.cases", "shares.cases", "everyday-words.cases",
            "rankings-within-groups.cases", "audit-blind.cases", "audit-lines-staff-shipments.cases",
            "audit-store-sensors-campaigns.cases", "audit-ledger-survey-web.cases");
    private static final String[] STRAY = { "?", "!", ",", ".", "'", "\"", "(", ")", "%", "$", "€", "-", "/", ":", "&",
            "é", "日本", "🙂", "\t", "  " };

    private static AccuracyTables tables;
    private static Map<String, AccuracyTables.Table> byName;
    private final QuestionPlanner planner = new QuestionPlanner(50, 1000);

    @BeforeAll
    static void load() {
        tables = new AccuracyTables();
        byName = Map.of("lines", tables.orderLines(), "staff", tables.employees(), "ships", tables.shipments(),
                "store", tables.superstore(), "sensor", tables.sensorReadings(), "mkt", tables.campaigns(),
                "report", tables.monthlyReport(), "ledger", tables.ledger(), "survey", tables.survey(), "web",
                tables.webTraffic());
    }

    @AfterAll
    static void close() throws Exception {
        tables.close();
    }

    @Test
    void damagedQuestionsNeverBreakThePlannerOrItsSql() throws Exception {
        SplittableRandom random = new SplittableRandom(20261128);
        List<String> broken = new ArrayList<>();
        int asked = 0;
        int answered = 0;
        for (String file : allCaseFiles()) {
            for (String line : read(file).split("\n")) {
                if (line.isBlank() || line.strip().startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", 4);
                AccuracyTables.Table table = byName.get(f[0].strip());
                String[] messages = f[2].strip().split(">>");
                String last = messages[messages.length - 1].strip();
                for (int variant = 0; variant < 2; variant++) {
                    String damaged = damage(last, random);
                    asked++;
                    Plan plan;
                    try {
                        String previous = messages.length > 1 ? messages[messages.length - 2].strip() : null;
                        plan = FollowUps.read(planner, damaged, previous, table.dataset()).plan();
                    } catch (RuntimeException e) {
                        broken.add(f[0].strip() + ": " + damaged + " → threw " + e);
                        continue;
                    }
                    if (plan instanceof Plan.Decline d && d.reason().equals(QuestionPlanner.PLANNER_FAILED)) {
                        broken.add(f[0].strip() + ": " + damaged + " → the planner failed (see the log)");
                    } else if (plan instanceof Plan.Query query) {
                        answered++;
                        try {
                            AccuracyTables.rows(table.connection(), query.spec().sql());
                        } catch (SQLException e) {
                            broken.add(f[0].strip() + ": " + damaged + " → " + query.spec().sql() + "\n    failed: "
                                    + e.getMessage());
                        }
                    }
                }
            }
        }
        System.out.println("analyst robustness: " + asked + " damaged questions, " + answered + " answered, "
                + broken.size() + " broken");
        broken.forEach(b -> System.out.println("  BROKEN: " + b));
        assertThat(asked).isGreaterThan(5_000);
        assertThat(broken).isEmpty();
    }

    private static String damage(String question, SplittableRandom random) {
        List<String> words = new ArrayList<>(Arrays.asList(question.split(" ")));
        switch (random.nextInt(8)) {
            case 0 -> words.remove(random.nextInt(words.size()));
            case 1 -> {
                int i = random.nextInt(words.size());
                words.add(i, words.get(i));
            }
            case 2 -> {
                if (words.size() > 1) {
                    int i = random.nextInt(words.size() - 1);
                    words.set(i, words.set(i + 1, words.get(i)));
                }
            }
            case 3 -> {
                String text = String.join(" ", words);
                return text.substring(0, 1 + random.nextInt(text.length()));
            }
            case 4 -> words.add(random.nextInt(words.size() + 1), STRAY[random.nextInt(STRAY.length)]);
            case 5 -> {
                int i = random.nextInt(words.size());
                words.set(i, words.get(i) + STRAY[random.nextInt(STRAY.length)]);
            }
            case 6 -> {
                int i = random.nextInt(words.size());
                words.set(i, words.get(i).toUpperCase(java.util.Locale.ROOT));
            }
            default -> {
                int i = random.nextInt(words.size());
                String w = words.get(i);
                if (w.length() > 1) {
                    int at = random.nextInt(w.length() - 1);
                    words.set(i, w.substring(0, at) + w.charAt(at + 1) + w.charAt(at) + w.substring(at + 2));
                }
            }
        }
        String text = String.join(" ", words).strip();
        return text.isEmpty() ? "?" : text;
    }

    private static List<String> allCaseFiles() {
        List<String> files = new ArrayList<>(CASE_FILES);
        for (int i = 2; i <= 30; i++) {
            files.add("audit-blind-" + i + ".cases");
        }
        return files;
    }

    private static String read(String file) throws IOException {
        try (InputStream in = RobustnessTest.class.getResourceAsStream("/analyst/" + file)) {
            assertThat(in).as(file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
