package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** The days a date column's data covers (its first and last, from the summary), and periods against them. */
final class DataSpan {

    private DataSpan() {
    }

    /** The table's one date column, or null where it has none or several. */
    static Column onlyDateColumn(Dataset dataset) {
        java.util.List<Column> dates = dataset.columns().stream().filter(Column::temporal).toList();
        return dates.size() == 1 ? dates.get(0) : null;
    }

    /** A date column's first and last day, or null when they are not known. */
    static LocalDate[] of(Column column) {
        if (column.min() == null || column.max() == null || column.min().length() < 10 || column.max().length() < 10) {
            return null;
        }
        try {
            return new LocalDate[] {LocalDate.parse(column.min().substring(0, 10)), LocalDate.parse(column.max().substring(0, 10))};
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A month or quarter of any year as the days it covers in the one year the data lies in ([first, after last));
     * null where the data spans several years or the part is another.
     */
    static LocalDate[] oneYear(Plan.DatePart p) {
        LocalDate[] data = of(p.column());
        if (data == null || data[0].getYear() != data[1].getYear()) {
            return null;
        }
        int year = data[0].getYear();
        return switch (p.part()) {
            case "month" -> new LocalDate[] {LocalDate.of(year, p.value(), 1), LocalDate.of(year, p.value(), 1).plusMonths(1)};
            case "quarter" -> new LocalDate[] {LocalDate.of(year, 3 * p.value() - 2, 1),
                    LocalDate.of(year, 3 * p.value() - 2, 1).plusMonths(3)};
            default -> null;
        };
    }

    /**
     * Whether a condition on dates keeps a period the data has no day of ("in April" on traffic that ends March 31,
     * "in 2022" on orders from July 2023): its answer would be empty, or a zero that says nothing.
     */
    static boolean outside(Plan.Filter period) {
        LocalDate from;
        LocalDate to;
        Column column;
        if (period instanceof Plan.DateRange r) {
            from = r.from();
            to = r.to();
            column = r.column();
        } else if (period instanceof Plan.DatePart p) {
            LocalDate[] range = oneYear(p);
            if (range == null) {
                return false;
            }
            from = range[0];
            to = range[1];
            column = p.column();
        } else {
            return false;
        }
        LocalDate[] data = of(column);
        return data != null && (from != null && from.isAfter(data[1]) || to != null && !to.isAfter(data[0]));
    }
}
