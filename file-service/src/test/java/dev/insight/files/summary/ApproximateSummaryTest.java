package dev.insight.files.summary;

import static dev.insight.files.summary.SummaryResourceTest.alerts;
import static dev.insight.files.summary.SummaryResourceTest.byName;
import static dev.insight.files.summary.SummaryResourceTest.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.Dataset;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Past the exact row limit the summary switches to estimates (HyperLogLog distinct counts, sampled quartiles and
 * type checks): checked here against the true values within the estimators' error, with counts, extremes and
 * moments still exact.
 */
@QuarkusTest
@TestProfile(ApproximateSummaryTest.SmallExactLimit.class)
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class ApproximateSummaryTest {

    public static class SmallExactLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("files.summary.exact-max-rows", "1000");
        }
    }

    @Test
    void largeFilesGetEstimatesCloseToTheTruth() {
        Dataset sales = Dataset.sales(20_000, 7);
        Api alice = Api.newUser();
        Map<String, Object> summary = summary(alice, alice.ready("big.csv", sales.csv(',')));
        assertThat(summary.get("approximate")).isEqualTo(true);
        assertThat(summary.get("rowCount")).isEqualTo(20_000);
        Map<String, Map<String, Object>> columns = byName(summary);
        for (String name : List.of("units", "price")) {
            Map<String, Object> c = columns.get(name);
            assertThat(num(c.get("mean"))).as(name + " mean").isCloseTo(sales.mean(name), within(1e-9));
            assertThat(num(c.get("stddev"))).as(name + " stddev").isCloseTo(sales.stddev(name), within(1e-9));
            assertThat(num(c.get("min"))).as(name + " min").isEqualTo(((Number) sales.min(name)).doubleValue());
            assertThat(num(c.get("max"))).as(name + " max").isEqualTo(((Number) sales.max(name)).doubleValue());
            double spread = sales.quantile(name, 0.75) - sales.quantile(name, 0.25);
            for (double q : new double[] {0.25, 0.5, 0.75}) {
                String field = "p" + Math.round(q * 100);
                assertThat(num(c.get(field))).as(name + " " + field)
                        .isCloseTo(sales.quantile(name, q), within(0.02 * spread + 1e-9));
            }
        }
        for (String name : sales.names) {
            Map<String, Object> c = columns.get(name);
            assertThat(((Number) c.get("nullCount")).longValue()).as(name + " nullCount").isEqualTo(sales.nullCount(name));
            // exact even here: the top-values grouping counts them (only nearly-unique columns of over 100,000
            // rows are estimated)
            long distinct = sales.distinctCount(name);
            assertThat(((Number) c.get("distinctCount")).doubleValue()).as(name + " distinctCount")
                    .isEqualTo((double) distinct);
        }
        assertThat(alerts(summary)).contains("id:POSSIBLE_ID", "currency:CONSTANT", "note:MOSTLY_NULL");
        // top values stay exact: a grouped read of the column
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> top = (List<Map<String, Object>>) columns.get("region").get("topValues");
        assertThat(top.stream().map(t -> t.get("value") + "=" + t.get("count")).toList())
                .isEqualTo(sales.top("region", 5).stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Test
    void mixedTypesAreFoundFromASample() {
        StringBuilder csv = new StringBuilder("code,score\n");
        for (int i = 0; i < 5_000; i++) {
            csv.append(i % 4 == 0 ? "n/a" : String.valueOf(i)).append(',').append(i % 10).append('\n');
        }
        Api alice = Api.newUser();
        Map<String, Object> summary = summary(alice, alice.ready("codes.csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(summary.get("approximate")).isEqualTo(true);
        assertThat(alerts(summary)).contains("code:MIXED_TYPES");
        @SuppressWarnings("unchecked")
        String detail = ((List<Map<String, Object>>) summary.get("alerts")).stream()
                .filter(a -> a.get("kind").equals("MIXED_TYPES")).map(a -> (String) a.get("detail")).findFirst().orElseThrow();
        // 3 in 4 values are numbers; the sample reads whole vectors, so the share is close to, not exactly, 75%
        double percent = Double.parseDouble(detail.replaceAll("^about ([0-9.]+)% .*$", "$1"));
        assertThat(percent).isCloseTo(75.0, within(5.0));
    }

    @Test
    void quartilesOfOrderedDataAreNotSkewed() {
        // ordered values, more of them than a 65,536-value reservoir holds: a sample would lean towards the end
        int n = 200_000;
        StringBuilder csv = new StringBuilder("id\n");
        for (int i = 0; i < n; i++) {
            csv.append(i).append('\n');
        }
        Api alice = Api.newUser();
        Map<String, Object> summary = summary(alice, alice.ready("ordered.csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(summary.get("approximate")).isEqualTo(true);
        Map<String, Object> id = byName(summary).get("id");
        for (double q : new double[] {0.25, 0.5, 0.75}) {
            // quantile_cont's answer; a t-digest is within a fraction of a per cent of the range
            double truth = q * (n - 1);
            assertThat(num(id.get("p" + Math.round(q * 100)))).as("p" + Math.round(q * 100))
                    .isCloseTo(truth, within(0.005 * n));
        }
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }
}
