package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** What the planner made of a question: a query to run, a description to give, or an honest "I can't". */
public sealed interface Plan {

    /** How many of the question's words were recognised as columns or values: used to pick among several files. */
    int score();

    record Query(QuerySpec spec, int score) implements Plan {
    }

    record Describe(int score) implements Plan {
    }

    record Decline(String reason, List<String> suggestions, int score) implements Plan {
    }

    enum Shape {
        /** One number: COUNT(*) or an aggregate of a measure. */
        SINGLE,
        /** One row per group, ordered by the group for time buckets and by the value otherwise. */
        GROUPED,
        /** The N groups with the highest (or lowest) value. */
        RANKED,
        /**
         * The N values of the second group key with the highest (or lowest) value within each group of the first: "top
         * 3 products by revenue in each region". Ties share a place, so a group may list more than N.
         */
        RANKED_WITHIN,
        /** The distinct values of a column. */
        DISTINCT_VALUES,
        /** One number over per-group figures: "average monthly revenue" is the average of the monthly totals. */
        OF_GROUPS,
        /** One number: the figures of a ranking's places added up ("combined revenue of the top 3 customers"). */
        PLACES_TOTAL
    }

    enum Fn {
        COUNT_ROWS("number of rows"), SUM("total"), AVG("average"), MEDIAN("median"), MIN("minimum"), MAX("maximum"),
        COUNT_DISTINCT("number of distinct"), COUNT_VALUES("number of rows with"),
        /** Total of one column over the total of another: "revenue per unit", "cost per click". */
        RATIO("ratio");

        public final String words;

        Fn(String words) {
            this.words = words;
        }

        /** Whether it counts rows or values (a number of them), rather than computing with a column's values. */
        boolean counts() {
            return this == COUNT_ROWS || this == COUNT_DISTINCT || this == COUNT_VALUES;
        }
    }

    enum Bucket {
        DAY, WEEK, MONTH, QUARTER, YEAR,
        /** The day of the week, of every week ("which weekday", "by day of the week"): 'Monday'. */
        WEEKDAY;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** How its groups are put in order: periods by their keys, weekdays Monday first. */
        String order(String column, int position) {
            return this == WEEKDAY ? "isodow(MIN(" + column + "))" : Integer.toString(position);
        }

        String sql(String column) {
            return switch (this) {
                case DAY -> "strftime(" + column + ", '%Y-%m-%d')";
                case WEEK -> "strftime(date_trunc('week', " + column + "), '%Y-%m-%d')";
                case MONTH -> "strftime(" + column + ", '%Y-%m')";
                case QUARTER -> "strftime(" + column + ", '%Y') || '-Q' || CAST(quarter(" + column + ") AS VARCHAR)";
                case YEAR -> "strftime(" + column + ", '%Y')";
                case WEEKDAY -> "dayname(" + column + ")";
            };
        }
    }

    /** What is computed; {@code per} is the divisor of a {@link Fn#RATIO}, null otherwise. */
    record Measure(Fn fn, Column column, Column per) {

        Measure(Fn fn, Column column) {
            this(fn, column, null);
        }

        String sql() {
            return switch (fn) {
                case COUNT_ROWS -> "COUNT(*)";
                case COUNT_DISTINCT -> "COUNT(DISTINCT " + Sql.id(column.name()) + ")";
                case COUNT_VALUES -> "COUNT(" + Sql.id(column.name()) + ")";
                // a ratio of totals, not an average of per-row ratios; none where the divisor adds up to zero
                case RATIO -> "SUM(" + Sql.id(column.name()) + ") / NULLIF(SUM(" + Sql.id(per.name()) + "), 0)";
                default -> fn.name() + "(" + Sql.id(column.name()) + ")";
            };
        }

        String alias() {
            return switch (fn) {
                case COUNT_ROWS -> "row_count";
                case SUM -> "total_" + Sql.aliasPart(column.name());
                case AVG -> "average_" + Sql.aliasPart(column.name());
                case MEDIAN -> "median_" + Sql.aliasPart(column.name());
                case MIN -> "min_" + Sql.aliasPart(column.name());
                case MAX -> "max_" + Sql.aliasPart(column.name());
                case COUNT_DISTINCT -> "distinct_" + Sql.aliasPart(column.name());
                case COUNT_VALUES -> "rows_with_" + Sql.aliasPart(column.name());
                case RATIO -> Sql.aliasPart(column.name()) + "_per_" + Sql.aliasPart(per.name());
            };
        }

        /** "total revenue", "number of rows", "number of distinct product values". */
        public String describe() {
            return switch (fn) {
                case COUNT_ROWS -> "number of rows";
                case COUNT_DISTINCT -> "number of distinct " + column.name() + " values";
                case COUNT_VALUES -> "number of rows with a value in " + column.name();
                case RATIO -> column.name() + " per " + per.name() + " (total " + column.name() + " ÷ total " + per.name() + ")";
                default -> fn.words + " " + column.name();
            };
        }
    }

    sealed interface GroupKey {
        /** The column the groups are keyed on. */
        Column column();

        String sql();

        String alias();

        String describe();
    }

    record ColumnKey(Column column) implements GroupKey {
        public String sql() {
            return Sql.id(column.name());
        }

        public String alias() {
            return column.name();
        }

        public String describe() {
            return column.name();
        }
    }

    record BucketKey(Column column, Bucket bucket) implements GroupKey {
        public String sql() {
            return bucket.sql(Sql.id(column.name()));
        }

        public String alias() {
            return bucket.label();
        }

        public String describe() {
            return bucket.label() + " (of " + column.name() + ")";
        }
    }

    /** A month or quarter of any year ("Q1 vs Q2", "March and April"): 'Q1', 'March'. */
    record PartKey(Column column, String part) implements GroupKey {
        public String sql() {
            return part.equals("quarter") ? "'Q' || CAST(quarter(" + Sql.id(column.name()) + ") AS VARCHAR)"
                    : "strftime(" + Sql.id(column.name()) + ", '%B')";
        }

        public String alias() {
            return part;
        }

        public String describe() {
            return part + " (of " + column.name() + ", any year)";
        }
    }

    enum Op {
        GT(">", "over"), GE(">=", "at least"), LT("<", "under"), LE("<=", "at most"), EQ("=", "equal to"),
        NE("<>", "not equal to");

        final String sql;
        final String words;

        Op(String sql, String words) {
            this.sql = sql;
            this.words = words;
        }
    }

    sealed interface Filter {
        String sql();

        String describe();
    }

    record Compare(Column column, Op op, BigDecimal value) implements Filter {
        public String sql() {
            return Sql.id(column.name()) + " " + op.sql + " " + value.toPlainString();
        }

        public String describe() {
            return column.name() + " " + op.words + " " + value.toPlainString();
        }
    }

    /** A row's value against a figure of the whole table: "temperature above the average temperature". */
    record AgainstWhole(Column column, Op op, Measure whole) implements Filter {
        public String sql() {
            return Sql.id(column.name()) + " " + op.sql + " (SELECT " + whole.sql() + " FROM data)";
        }

        public String describe() {
            return column.name() + " " + op.words + " the " + whole.describe() + " of all rows";
        }
    }

    record Between(Column column, BigDecimal low, BigDecimal high) implements Filter {
        public String sql() {
            return Sql.id(column.name()) + " BETWEEN " + low.toPlainString() + " AND " + high.toPlainString();
        }

        public String describe() {
            return column.name() + " between " + low.toPlainString() + " and " + high.toPlainString();
        }
    }

    /** "note is null" / "note is not null": whether the row has a value at all. */
    record IsNull(Column column, boolean negated) implements Filter {
        public String sql() {
            return Sql.id(column.name()) + (negated ? " IS NOT NULL" : " IS NULL");
        }

        public String describe() {
            return column.name() + (negated ? " has a value" : " is empty");
        }
    }

    /** A yes/no column as a condition: "returned orders" (true), "orders not returned" (false or unknown). */
    record IsTrue(Column column, boolean negated) implements Filter {
        public String sql() {
            return Sql.id(column.name()) + (negated ? " IS NOT TRUE" : " IS TRUE");
        }

        public String describe() {
            return column.name() + (negated ? " is not true" : " is true");
        }
    }

    /** Text equality: exact when the value came from the column's own values, case-insensitive when typed. */
    record Equals(Column column, String value, boolean exact, boolean negated) implements Filter {
        public String sql() {
            // "not North" keeps the rows that have no region at all
            String op = negated ? " IS DISTINCT FROM " : " = ";
            if (exact) {
                return Sql.id(column.name()) + op + Sql.text(value);
            }
            return "lower(CAST(" + Sql.id(column.name()) + " AS VARCHAR))" + op + Sql.text(value.toLowerCase(Locale.ROOT));
        }

        public String describe() {
            return column.name() + (negated ? " is not " : " is ") + value;
        }
    }

    /** Several values of one column, as the column holds them ("revenue in North and South"). */
    record OneOf(Column column, List<String> values) implements Filter {
        public String sql() {
            return Sql.id(column.name()) + " IN (" + values.stream().map(Sql::text).collect(Collectors.joining(", ")) + ")";
        }

        public String describe() {
            return column.name() + " is " + String.join(" or ", values);
        }
    }

    /** All of several conditions, as one ("Year = 2024 and Month is Jan, Feb or Mar" for "Q1 2024"). */
    record AllOf(List<Filter> parts) implements Filter {
        public AllOf {
            parts = List.copyOf(parts);
        }

        public String sql() {
            return joinedSql(parts, " AND ");
        }

        public String describe() {
            return parts.stream().map(Filter::describe).collect(Collectors.joining(" and "));
        }
    }

    /**
     * Any of several conditions: periods or values of one column ("in Q1 and Q2", "region is North or South"), or one
     * value each of two columns ("in Boston or in Sales", "to or from Boston").
     */
    record AnyOf(List<Filter> options) implements Filter {
        public AnyOf {
            options = List.copyOf(options);
        }

        public String sql() {
            return joinedSql(options, " OR ");
        }

        public String describe() {
            return options.stream().map(Filter::describe).collect(Collectors.joining(" or "));
        }
    }

    /** Conditions joined by AND or OR, each in its own parentheses and the whole in one more. */
    private static String joinedSql(List<Filter> filters, String op) {
        return "(" + filters.stream().map(Filter::sql).map(f -> "(" + f + ")").collect(Collectors.joining(op)) + ")";
    }

    /**
     * "in the most recent month": rows from the start of the latest day, week, month, quarter or year the column holds
     * (the data's own latest period, not today's).
     */
    record LatestPeriod(Column column, Bucket bucket) implements Filter {
        public String sql() {
            String c = Sql.id(column.name());
            return c + " >= date_trunc('" + bucket.label() + "', (SELECT max(" + c + ") FROM data))";
        }

        public String describe() {
            return column.name() + " in the latest " + bucket.label() + " of the data";
        }
    }

    /** [from, to) on a date or timestamp column; {@code label} is how the question said it ("March 2024"). */
    record DateRange(Column column, LocalDate from, LocalDate to, String label) implements Filter {
        public String sql() {
            List<String> parts = new ArrayList<>();
            if (from != null) {
                parts.add(Sql.id(column.name()) + " >= DATE '" + from + "'");
            }
            if (to != null) {
                parts.add(Sql.id(column.name()) + " < DATE '" + to + "'");
            }
            return String.join(" AND ", parts);
        }

        public String describe() {
            return column.name() + " " + label;
        }
    }

    /** A month or quarter of any year ("in March" without a year). */
    record DatePart(Column column, String part, int value, String label) implements Filter {
        public String sql() {
            if (part.equals(DateMentions.DAY_OF_YEAR)) {
                // March 15 of any year: month and day, not DuckDB's dayofyear (which moves after February 29)
                return "(month(" + Sql.id(column.name()) + ") = " + value / 100 + " AND day(" + Sql.id(column.name())
                        + ") = " + value % 100 + ")";
            }
            return part + "(" + Sql.id(column.name()) + ") = " + value;
        }

        public String describe() {
            if (part.equals(DateMentions.DAY_OF_WEEK)) {
                return column.name() + " on " + label;
            }
            return column.name() + (part.equals(DateMentions.DAY_OF_YEAR) ? " on " : " in ") + label + " (any year)";
        }
    }

    /**
     * "What share of revenue…": the measure as a percentage of its whole. {@code part} is the condition the share is of
     * ("… comes from North"); a single figure is that part of the whole, figures by group are each group's part of its
     * own figure (a rate: "the percentage of orders returned in each region"). Null when every group gets its share
     * of the total. {@code whole}, when not null, makes it a rate of two columns' totals instead ("conversion rate":
     * conversions over clicks), with no part condition.
     */
    record Share(Filter part, Measure whole, Filter minus, boolean relative) {

        Share(Filter part) {
            this(part, null, null, false);
        }

        Share(Filter part, Measure whole) {
            this(part, whole, null, false);
        }

        /**
         * A difference, not a share: the measure where {@code part} holds less the measure where {@code minus} holds;
         * {@code relative}: in percent of the latter (a growth).
         */
        boolean difference() {
            return minus != null;
        }

        /** A rate: the measure's total over another column's total, in percent. */
        boolean rate() {
            return whole != null;
        }
    }

    /**
     * A condition on each group's own figure rather than on rows ("customers whose revenue adds up to more than 1,000",
     * "departments with more than 20 employees"): SQL's HAVING. {@code high} is the upper end of a range, else null;
     * {@code of}, when not null, says which of each group's rows the figure is of ("products never returned": no row
     * where returned holds); {@code percent} makes the figure the part of the group's measure that meets {@code of}, in
     * percent of all of it ("sensors with a failure rate above 3.5%").
     */
    record Bound(Measure measure, Op op, BigDecimal value, BigDecimal high, Filter of, boolean percent, Against against) {

        Bound(Measure measure, Op op, BigDecimal value, BigDecimal high, Filter of, boolean percent) {
            this(measure, op, value, high, of, percent, null);
        }

        Bound(Measure measure, Op op, BigDecimal value, BigDecimal high, Filter of) {
            this(measure, op, value, high, of, false);
        }

        Bound(Measure measure, Op op, BigDecimal value) {
            this(measure, op, value, null, null);
        }

        Bound(Measure measure, Op op, BigDecimal value, BigDecimal high) {
            this(measure, op, value, high, null);
        }

        /** "Never returned": none of the group's rows meets the condition. */
        static Bound none(Filter rows) {
            return new Bound(new Measure(Fn.COUNT_ROWS, null), Op.EQ, BigDecimal.ZERO, null, rows);
        }

        /** The rate of a condition: the rows (or things) of each group that meet it, in percent of all of them. */
        static Bound percentMeeting(Measure counted, Filter of, Op op, BigDecimal percent) {
            return new Bound(counted, op, percent, null, of, true);
        }

        /** Whether it keeps the groups none of whose rows meets {@code of}. */
        boolean isNone() {
            return !percent && of != null && measure.fn() == Fn.COUNT_ROWS && op == Op.EQ && high == null && value.signum() == 0;
        }

        /** A rate's bound said in percent ("a conversion rate above 3%"): on the ratio of totals, as a fraction. */
        static Bound ratePercent(Measure ratio, Op op, BigDecimal percent) {
            return new Bound(ratio, op, percent.movePointLeft(2), null);
        }

        /**
         * Whether a group without any (matching) row would meet it: "fewer than 2 orders", "never returned". Such a
         * group is left out by any condition on rows, so the planner does not put one next to such conditions.
         */
        boolean admitsZero() {
            if (percent) {
                return false; // a group without rows has no rate
            }
            if (measure.fn() != Fn.COUNT_ROWS && measure.fn() != Fn.COUNT_DISTINCT && measure.fn() != Fn.COUNT_VALUES
                    && measure.fn() != Fn.SUM) {
                return false; // an average, minimum or rate of no rows is none
            }
            if (high != null) {
                return value.signum() <= 0 && high.signum() >= 0;
            }
            int zero = BigDecimal.ZERO.compareTo(value);
            return switch (op) {
                case GT -> zero > 0;
                case GE -> zero >= 0;
                case LT -> zero < 0;
                case LE -> zero <= 0;
                case EQ -> zero == 0;
                case NE -> zero != 0;
            };
        }

        /** Each group's figure the bound is on: of its rows that meet {@code of}, when said. */
        String figureSql() {
            if (percent) {
                return "100.0 * COALESCE(" + measure.sql() + " FILTER (WHERE " + of.sql() + "), 0) / NULLIF("
                        + measure.sql() + ", 0)";
            }
            String figure = of == null ? measure.sql() : measure.sql() + " FILTER (WHERE " + of.sql() + ")";
            // a group without such rows has none of it
            return of != null && measure.fn() == Fn.SUM ? "COALESCE(" + figure + ", 0)" : figure;
        }

        /** The same figure compared with the average (or median) of every group's, not with a number. */
        Bound againstAverage(Against average) {
            return new Bound(measure, op, value, high, of, percent, average);
        }

        String sql() {
            String figure = figureSql();
            if (against != null) {
                return figure + " " + op.sql + " (" + against.sql() + ")";
            }
            return high == null ? figure + " " + op.sql + " " + value.toPlainString()
                    : figure + " BETWEEN " + value.toPlainString() + " AND " + high.toPlainString();
        }

        public String describe() {
            if (isNone()) {
                return "no row where " + of.describe();
            }
            if (against != null) {
                return measure.describe() + " " + op.words + " " + against.describe();
            }
            if (percent) {
                return op.words + " " + value.stripTrailingZeros().toPlainString() + "% of the " + measure.describe()
                        + " where " + of.describe();
            }
            if (of != null) {
                return measure.describe() + " where " + of.describe() + " " + op.words + " " + value.toPlainString();
            }
            if (measure.fn() == Fn.RATIO) {
                return "a rate of " + measure.column().name() + " over " + measure.per().name() + " " + op.words + " "
                        + value.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
            }
            return measure.describe() + (high == null ? " " + op.words + " " + value.toPlainString()
                    : " between " + value.toPlainString() + " and " + high.toPlainString());
        }
    }

    /**
     * The {@code fn} (average or median) of every group's figure over the whole table, each group a value of
     * {@code key}: "orders worth more than the average order".
     */
    record Against(Fn fn, Measure figure, GroupKey key) {
        String sql() {
            return "SELECT " + fn.name() + "(v) FROM (SELECT " + figure.sql() + " AS v FROM data GROUP BY " + key.sql() + ")";
        }

        String describe() {
            return "the " + fn.words + " per " + key.describe();
        }
    }

    /**
     * A runnable query over the table {@code data}; {@code share} is null unless a share was asked for; {@code bounds}
     * keep only the groups whose figures meet them (for {@link Shape#GROUPED} and the inner groups of
     * {@link Shape#OF_GROUPS}).
     */
    record QuerySpec(Shape shape, Measure measure, List<GroupKey> groups, List<Filter> filters, boolean descending,
            int limit, Column listed, Fn over, int skip, Share share, List<Filter> countedInGroups, List<Bound> bounds) {

        /** The column holding a share, in percent of the whole. */
        static final String PERCENT = "percent_of_total";
        /** The column holding each group's part, in percent of the group's own figure. */
        static final String PERCENT_OF_GROUP = "percent_of_group";
        /** The column holding a rate, in percent: one column's total over another's. */
        static final String RATE = "rate_percent";
        /** Groups tied for first place listed by name; one more tells that there are more. */
        static final int TIED_ROWS = 20;

        /**
         * {@code countedInGroups}: of the filters, those that say what a lowest ranking counts or adds up ("the city with
         * the fewest managers"), counted inside each group so that a group where nothing matches has 0, where the rest
         * say which groups there are ("the Warehouse sensor with the fewest failures": sensors at the Warehouse).
         */
        public QuerySpec {
            groups = List.copyOf(groups);
            filters = List.copyOf(filters);
            countedInGroups = countedInGroups == null ? List.of() : List.copyOf(countedInGroups);
            bounds = bounds == null ? List.of() : List.copyOf(bounds);
        }

        public QuerySpec(Shape shape, Measure measure, List<GroupKey> groups, List<Filter> filters, boolean descending,
                int limit, Column listed, Fn over, int skip, Share share, List<Filter> countedInGroups) {
            this(shape, measure, groups, filters, descending, limit, listed, over, skip, share, countedInGroups, List.of());
        }

        public QuerySpec(Shape shape, Measure measure, List<GroupKey> groups, List<Filter> filters, boolean descending,
                int limit, Column listed, Fn over, int skip, Share share) {
            this(shape, measure, groups, filters, descending, limit, listed, over, skip, share, List.of());
        }

        public QuerySpec(Shape shape, Measure measure, List<GroupKey> groups, List<Filter> filters, boolean descending,
                int limit, Column listed, Fn over, int skip) {
            this(shape, measure, groups, filters, descending, limit, listed, over, skip, null);
        }

        public QuerySpec(Shape shape, Measure measure, List<GroupKey> groups, List<Filter> filters, boolean descending,
                int limit, Column listed) {
            this(shape, measure, groups, filters, descending, limit, listed, null, 0);
        }

        public QuerySpec(Shape shape, Measure measure, List<GroupKey> groups, List<Filter> filters, boolean descending,
                int limit, Column listed, Fn over) {
            this(shape, measure, groups, filters, descending, limit, listed, over, 0);
        }

        /** The same ranking from its n-th place on ("the second highest" skips one). */
        public QuerySpec skipping(int places) {
            return new QuerySpec(shape, measure, groups, filters, descending, limit, listed, over, places, share,
                    countedInGroups, bounds);
        }

        /** The same figures, each with its share of the whole; {@code base} are the conditions the whole is under. */
        /** A listing of periods none of whose rows meet a condition: the periods are the whole answer. */
        boolean periodsWithNone() {
            return shape == Shape.GROUPED && share == null && !bounds.isEmpty() && bounds.stream().allMatch(Bound::isNone)
                    && groups.stream().allMatch(g -> g instanceof BucketKey);
        }

        /** The same query with other bounds. */
        public QuerySpec bounded(List<Bound> others) {
            return new QuerySpec(shape, measure, groups, filters, descending, limit, listed, over, skip, share,
                    countedInGroups, others);
        }

        /** The same ranking's places, added up into one figure. */
        public QuerySpec placesAddedUp() {
            return new QuerySpec(Shape.PLACES_TOTAL, measure, groups, filters, descending, limit, listed, over, skip, share,
                    countedInGroups, bounds);
        }

        public QuerySpec sharing(Share wanted, List<Filter> base) {
            return new QuerySpec(shape, measure, groups, base, descending, limit, listed, over, skip, wanted);
        }

        /**
         * For {@link Shape#OF_GROUPS}: "average total revenue per month" (the inner key is the last group); "number of
         * customer_id values with total revenue over 1000" when it counts the groups that meet bounds.
         */
        public String describeOverGroups() {
            GroupKey inner = groups.get(groups.size() - 1);
            if (over == Fn.COUNT_ROWS) {
                return "number of " + inner.describe() + " values" + having();
            }
            if (over == Fn.SUM && measure.fn() == Fn.SUM) {
                return measure.describe() + " of the " + inner.describe() + " values" + having(); // a total of totals
            }
            // periods without rows are not counted: an average daily revenue is over the days that have sales
            return over.words + " " + measure.describe() + " per " + inner.describe()
                    + (inner instanceof BucketKey || inner instanceof ColumnKey key && ColumnRoles.calendar(key.column())
                            ? " with rows" : "") + having();
        }

        /** " with total revenue over 1000 and …": the bounds each group meets, in words; empty when none. */
        public String having() {
            return bounds.isEmpty() ? "" : " with " + bounds.stream().map(Bound::describe).collect(Collectors.joining(" and "));
        }

        private String havingSql() {
            return bounds.isEmpty() ? "" : " HAVING " + bounds.stream().map(Bound::sql).collect(Collectors.joining(" AND "));
        }

        public String sql() {
            String where = filters.isEmpty() ? ""
                    : " WHERE " + filters.stream().map(Filter::sql).collect(Collectors.joining(" AND "));
            return switch (shape) {
                case SINGLE -> share == null
                        ? "SELECT " + measure.sql() + " AS " + Sql.id(measure.alias()) + " FROM data" + where
                        : share.difference() ? difference(where) : partOfWhole(where);
                case OF_GROUPS -> {
                    // one figure per inner group (each order's total), then the aggregate of those, per outer group
                    GroupKey inner = groups.get(groups.size() - 1);
                    // counting groups: those with a key ("how many customers" leaves out rows without a customer)
                    String of = over == Fn.COUNT_ROWS ? "COUNT(k)" : over.name() + "(v)";
                    String alias = Sql.id(over == Fn.COUNT_ROWS ? "number_of_" + Sql.aliasPart(inner.alias())
                            : over.name().toLowerCase(Locale.ROOT) + "_" + measure.alias() + "_per_"
                                    + Sql.aliasPart(inner.alias()));
                    if (groups.size() == 1 && !countedInGroups.isEmpty()) {
                        // "average daily number of failures": every day counts, those without a failure as 0
                        List<Filter> kept = filters.stream().filter(f -> !countedInGroups.contains(f)).toList();
                        String keptWhere = kept.isEmpty() ? ""
                                : " WHERE " + kept.stream().map(Filter::sql).collect(Collectors.joining(" AND "));
                        yield "SELECT " + of + " AS " + alias + " FROM (SELECT " + inner.sql() + " AS k, COALESCE("
                                + measure.sql() + " FILTER (WHERE " + countedInGroups.stream().map(Filter::sql)
                                        .collect(Collectors.joining(" AND ")) + "), 0) AS v FROM data" + keptWhere
                                + " GROUP BY 1" + havingSql() + ")";
                    }
                    if (groups.size() == 1) {
                        yield "SELECT " + of + " AS " + alias + " FROM (SELECT " + inner.sql() + " AS k, "
                                + measure.sql() + " AS v FROM data" + where + " GROUP BY 1" + havingSql() + ")";
                    }
                    GroupKey outer = groups.get(0);
                    yield "SELECT o AS " + Sql.id(outer.alias()) + ", " + of + " AS " + alias + " FROM (SELECT "
                            + outer.sql() + " AS o, " + inner.sql() + " AS k, " + measure.sql() + " AS v FROM data" + where
                            + " GROUP BY 1, 2" + havingSql() + ") GROUP BY 1 ORDER BY " + (outer instanceof BucketKey ? "1 NULLS LAST"
                                    : "2 DESC NULLS LAST, 1") + " LIMIT " + (limit + 1);
                }
                case RANKED_WITHIN -> {
                    GroupKey outer = groups.get(0);
                    GroupKey inner = groups.get(1);
                    String direction = descending ? " DESC" : " ASC";
                    yield "SELECT " + outer.sql() + " AS " + Sql.id(outer.alias()) + ", " + inner.sql() + " AS "
                            + Sql.id(inner.alias()) + ", " + measure.sql() + " AS " + Sql.id(measure.alias()) + " FROM data"
                            + where + " GROUP BY 1, 2 QUALIFY rank() OVER (PARTITION BY " + outer.sql() + " ORDER BY "
                            + measure.sql() + direction + " NULLS LAST) <= " + limit + " ORDER BY 1 NULLS LAST, 3" + direction
                            + " NULLS LAST, 2";
                }
                case DISTINCT_VALUES -> {
                    String c = Sql.id(listed.name());
                    String nonNull = where + (where.isEmpty() ? " WHERE " : " AND ") + c + " IS NOT NULL";
                    yield bounds.isEmpty() ? "SELECT DISTINCT " + c + " FROM data" + nonNull + " ORDER BY " + c + " LIMIT "
                            + (limit + 1)
                            // "which products were never returned": the values whose rows meet the bounds
                            : "SELECT " + c + " FROM data" + nonNull + " GROUP BY 1" + havingSql() + " ORDER BY 1 LIMIT "
                                    + (limit + 1);
                }
                case PLACES_TOTAL -> {
                    // the ranking itself (ties at the last place kept), every place of it, then its figures added up
                    String places = new QuerySpec(Shape.RANKED, measure, groups, filters, descending, limit, listed, over,
                            skip, share, countedInGroups, bounds).sql().replaceFirst(" LIMIT \\d+$", "");
                    yield "SELECT SUM(" + Sql.id(measure.alias()) + ") AS " + Sql.id("combined_" + measure.alias())
                            + " FROM (" + places + ")";
                }
                case GROUPED, RANKED -> {
                    if (shape == Shape.RANKED && over != null && groups.size() == 2) {
                        yield rankedOverGroups(where);
                    }
                    if (shape == Shape.RANKED && share != null && share.difference() && groups.size() == 1) {
                        // "which product's revenue grew the most from 2023 to 2024": each product's change, ranked
                        String change = differenceOf();
                        GroupKey key = groups.get(0);
                        yield "SELECT " + key.sql() + " AS " + Sql.id(key.alias()) + ", " + change + " AS "
                                + Sql.id("difference_in_" + measure.alias()) + " FROM data" + where + " GROUP BY 1"
                                + places(change, descending ? " DESC" : " ASC") + " ORDER BY 2" + (descending ? " DESC" : " ASC")
                                + " NULLS LAST, 1 LIMIT " + (limit + TIED_ROWS + 1);
                    }
                    if (share != null && (share.part() != null || share.rate())) {
                        yield partOfEachGroup(where);
                    }
                    // a listing of the groups that meet a bound shows the bound's own figure ("more than 5,000 mobile
                    // sessions": each page's mobile sessions)
                    String figure = !bounds.isEmpty() && bounds.get(0).measure().equals(measure) ? bounds.get(0).figureSql()
                            : measure.sql();
                    List<Filter> outside = conditionsOutsideGroups().stream().filter(countedInGroups::contains).toList();
                    if (shape == Shape.RANKED && !descending && share == null && !outside.isEmpty()
                            && (measure.fn() == Fn.COUNT_ROWS || measure.fn() == Fn.COUNT_DISTINCT
                                    || measure.fn() == Fn.SUM)) {
                        // "the city with the fewest managers": a city without any has none, and is the answer; the
                        // conditions count inside each group instead of removing the groups where nothing matches
                        figure = "COALESCE(" + figure + " FILTER (WHERE " + outside.stream().map(Filter::sql)
                                .collect(Collectors.joining(" AND ")) + "), 0)";
                        List<Filter> kept = filters.stream().filter(f -> !outside.contains(f)).toList();
                        where = kept.isEmpty() ? "" : " WHERE " + kept.stream().map(Filter::sql)
                                .collect(Collectors.joining(" AND "));
                    }
                    StringBuilder sql = new StringBuilder("SELECT ");
                    for (GroupKey g : groups) {
                        sql.append(g.sql()).append(" AS ").append(Sql.id(g.alias())).append(", ");
                    }
                    if (periodsWithNone()) {
                        // "which months had no Widget sales": the months alone (each one's count of such rows is 0)
                        sql.setLength(sql.length() - 2);
                    } else {
                        sql.append(figure).append(" AS ").append(Sql.id(measure.alias()));
                    }
                    if (share != null) {
                        // each group's figure over the whole's, computed once under the same conditions: for distinct
                        // counts the whole is the distinct count of all rows, so shares may add up to more than 100
                        sql.append(", 100.0 * ").append(measure.sql()).append(" / NULLIF((SELECT ").append(measure.sql())
                                .append(" FROM data").append(where).append("), 0) AS ").append(PERCENT);
                    }
                    sql.append(" FROM data").append(where).append(" GROUP BY ");
                    for (int i = 1; i <= groups.size(); i++) {
                        sql.append(i).append(i < groups.size() ? ", " : "");
                    }
                    sql.append(havingSql());
                    int value = groups.size() + 1;
                    String direction = descending ? " DESC" : " ASC";
                    if (shape == Shape.RANKED) {
                        // places by rank, never by name: "the top 3" keeps a group tied with the third, "which region has
                        // the highest revenue" names every region that has it, and "the second highest" is the next
                        // figure below the first (dense_rank), with every group that has that
                        sql.append(places(figure, direction)).append(" ORDER BY ").append(value)
                                .append(direction).append(" NULLS LAST");
                        for (int i = 1; i <= groups.size(); i++) {
                            sql.append(", ").append(i);
                        }
                        yield sql.append(" LIMIT ").append(limit + TIED_ROWS + 1).toString();
                    }
                    sql.append(" ORDER BY ");
                    if (groups.get(0) instanceof BucketKey) {
                        for (int i = 1; i <= groups.size(); i++) {
                            GroupKey g = groups.get(i - 1);
                            sql.append(g instanceof BucketKey b ? b.bucket().order(Sql.id(b.column().name()), i) : i)
                                    .append(" NULLS LAST").append(i < groups.size() ? ", " : "");
                        }
                        sql.append(" LIMIT ").append(limit + 1);
                    } else {
                        sql.append(value).append(" DESC NULLS LAST");
                        for (int i = 1; i <= groups.size(); i++) {
                            sql.append(", ").append(i);
                        }
                        sql.append(" LIMIT ").append(limit + 1);
                    }
                    yield sql.toString();
                }
            };
        }

        /**
         * "Which region has the highest average revenue per order": each inner group's figure (an order's total), then
         * their aggregate per outer group, ranked with ties kept.
         */
        private String rankedOverGroups(String where) {
            GroupKey outer = groups.get(0);
            GroupKey inner = groups.get(1);
            String figure = over.name() + "(v)";
            String direction = descending ? " DESC" : " ASC";
            return "SELECT o AS " + Sql.id(outer.alias()) + ", " + figure + " AS " + Sql.id(over.name().toLowerCase(Locale.ROOT)
                    + "_" + measure.alias() + "_per_" + Sql.aliasPart(inner.alias())) + " FROM (SELECT " + outer.sql()
                    + " AS o, " + inner.sql() + " AS k, " + measure.sql() + " AS v FROM data" + where + " GROUP BY 1, 2"
                    + havingSql() + ") GROUP BY 1" + places(figure, direction) + " ORDER BY 2" + direction
                    + " NULLS LAST, 1 LIMIT " + (limit + TIED_ROWS + 1);
        }

        /**
         * The places a ranking keeps, by rank and never by name: " QUALIFY rank() OVER (ORDER BY … ) <= N" keeps the
         * groups tied with the last place; for "the second (third…) highest", the next figure below (dense_rank).
         */
        private String places(String figure, String direction) {
            return " QUALIFY " + (skip > 0 ? "dense_rank()" : "rank()") + " OVER (ORDER BY " + figure + direction
                    + " NULLS LAST) " + (skip > 0 ? "= " + (skip + 1) : "<= " + limit);
        }

        /** The conditions on no column the groups are keyed on (a date range of a month's own date says which months). */
        private List<Filter> conditionsOutsideGroups() {
            Set<Column> keyed = groups.stream().map(GroupKey::column).collect(Collectors.toSet());
            return filters.stream().filter(f -> columnsOf(f).stream().noneMatch(keyed::contains)).toList();
        }

        private static List<Column> columnsOf(Filter f) {
            if (f instanceof AllOf all) {
                return all.parts().stream().flatMap(p -> columnsOf(p).stream()).toList();
            }
            if (f instanceof AnyOf any) {
                return any.options().stream().flatMap(o -> columnsOf(o).stream()).toList();
            }
            return f instanceof Compare c ? List.of(c.column()) : f instanceof Between b ? List.of(b.column())
                    : f instanceof IsNull n ? List.of(n.column()) : f instanceof IsTrue t ? List.of(t.column())
                    : f instanceof Equals e ? List.of(e.column()) : f instanceof OneOf o ? List.of(o.column())
                    : f instanceof LatestPeriod l ? List.of(l.column()) : f instanceof DateRange d ? List.of(d.column())
                    : f instanceof DatePart d ? List.of(d.column()) : List.of();
        }

        /** The part's figure, the whole's, and the part in percent of the whole: "revenue from North" of all revenue. */
        private String partOfWhole(String where) {
            return "SELECT " + partAndWhole(share.rate() ? RATE : PERCENT) + " FROM data" + where;
        }

        /**
         * Per group, the part's figure, the group's own, and the part in percent of it: "the percentage of orders
         * returned in each region". Highest rate first (periods in their order); a group without values at the end.
         */
        private String partOfEachGroup(String where) {
            StringBuilder sql = new StringBuilder("SELECT ");
            for (GroupKey g : groups) {
                sql.append(g.sql()).append(" AS ").append(Sql.id(g.alias())).append(", ");
            }
            sql.append(partAndWhole(share.rate() ? RATE : PERCENT_OF_GROUP)).append(" FROM data").append(where)
                    .append(" GROUP BY ");
            String keys = IntStream.rangeClosed(1, groups.size()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "));
            sql.append(keys).append(havingSql());
            String direction = descending ? " DESC" : " ASC";
            if (shape == Shape.RANKED) {
                // "which channel has the highest conversion rate": places by rank, ties kept (as for any ranking)
                sql.append(places(percentOf(), direction)).append(" ORDER BY ")
                        .append(groups.size() + 3).append(direction).append(" NULLS LAST, ").append(keys);
                return sql.append(" LIMIT ").append(limit + TIED_ROWS + 1).toString();
            }
            sql.append(" ORDER BY ");
            if (groups.get(0) instanceof BucketKey) {
                sql.append(keys.replace(",", " NULLS LAST,")).append(" NULLS LAST");
            } else {
                sql.append(groups.size() + 3).append(" DESC NULLS LAST, ").append(keys);
            }
            return sql.append(" LIMIT ").append(limit + 1).toString();
        }

        /** The measure where one side holds less the measure where the other holds (a side without rows adds 0). */
        private String differenceOf() {
            return side(share.part()) + " - " + side(share.minus());
        }

        private String side(Filter holds) {
            String figure = measure.sql() + " FILTER (WHERE " + holds.sql() + ")";
            return measure.fn() == Fn.SUM ? "COALESCE(" + figure + ", 0)" : figure;
        }

        private String difference(String where) {
            String one = side(share.part());
            String other = side(share.minus());
            if (share.relative()) {
                return "SELECT 100.0 * (" + one + " - " + other + ") / NULLIF(" + other + ", 0) AS "
                        + Sql.id("percent_change_in_" + measure.alias()) + " FROM data" + where;
            }
            return "SELECT " + one + " - " + other + " AS " + Sql.id("difference_in_" + measure.alias()) + " FROM data"
                    + where;
        }

        private String partAndWhole(String percent) {
            if (share.rate()) {
                return measure.sql() + " AS " + Sql.id(measure.alias()) + ", " + share.whole().sql() + " AS "
                        + Sql.id(share.whole().alias()) + ", " + percentOf() + " AS " + percent;
            }
            String whole = measure.sql();
            String part = "COALESCE(" + whole + " FILTER (WHERE " + share.part().sql() + "), 0)";
            return part + " AS " + Sql.id(measure.alias() + "_matching") + ", " + whole + " AS " + Sql.id(measure.alias())
                    + ", " + percentOf() + " AS " + percent;
        }

        /** The part in percent of the whole; none where the whole is zero. */
        private String percentOf() {
            if (share.rate()) {
                return "100.0 * " + measure.sql() + " / NULLIF(" + share.whole().sql() + ", 0)";
            }
            String part = "COALESCE(" + measure.sql() + " FILTER (WHERE " + share.part().sql() + "), 0)";
            return "100.0 * " + part + " / NULLIF(" + measure.sql() + ", 0)";
        }
    }

    /** Quoting for the SQL the analyst writes: identifiers in double quotes, text in single quotes. */
    final class Sql {
        private Sql() {
        }

        static String id(String name) {
            return "\"" + name.replace("\"", "\"\"") + "\"";
        }

        static String text(String value) {
            return "'" + value.replace("'", "''") + "'";
        }

        static String aliasPart(String name) {
            String cleaned = name.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
            return cleaned.isEmpty() ? "value" : cleaned;
        }
    }
}
