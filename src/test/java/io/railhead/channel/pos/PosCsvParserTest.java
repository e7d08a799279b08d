package io.railhead.channel.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Row-by-row reading of POS sales CSVs: quoting, per-row errors, whole sales held back. */
class PosCsvParserTest {

    private static final String HEADER = "store_id,sale_id,sold_at,line_no,sku,description,quantity,unit_price,discount,tax,currency\n";

    @Test
    void groupsRowsIntoSales_amountsExactAsWritten() {
        PosCsvParser.Result r = PosCsvParser.parse(HEADER
                + "S-01,R-1,2026-11-23T09:15:00Z,1,MUG-1,\"Mug, blue \"\"large\"\"\",2,12.50,1.00,1.84,USD\n"
                + "S-01,R-1,2026-11-23T09:15:00Z,2,TEA-9,Tea,1,4.99,,0.40,USD\r\n"
                + "S-02,R-1,2026-11-23T10:00:00+01:00,1,MUG-1,Mug,1,12.50,0,1.00,EUR\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.sales()).hasSize(2);
        PosCsvParser.Sale first = r.sales().get(0);
        assertThat(first.lines()).extracting(PosCsvParser.Line::description).containsExactly("Mug, blue \"large\"", "Tea");
        // No total here: the mapping lists the parts and the enricher adds them (fixture pos/two-lines-discount).
        assertThat(first.lines()).extracting(PosCsvParser.Line::unitPrice, PosCsvParser.Line::discount,
                PosCsvParser.Line::tax).containsExactly(org.assertj.core.groups.Tuple.tuple(new BigDecimal("12.50"),
                new BigDecimal("1.00"), new BigDecimal("1.84")), org.assertj.core.groups.Tuple.tuple(
                new BigDecimal("4.99"), new BigDecimal("0.00"), new BigDecimal("0.40")));
        assertThat(r.sales().get(1).soldAt()).hasToString("2026-11-23T09:00:00Z");
        assertThat(r.fileFailed()).isFalse();
    }

    @Test
    void malformedRowsAreReportedAndTheirSaleHeldBack_theRestGoesOn() {
        PosCsvParser.Result r = PosCsvParser.parse(HEADER
                + "S-01,R-1,2026-11-23T09:15:00Z,1,MUG-1,Mug,two,12.50,0,0,USD\n"
                + "S-01,R-1,2026-11-23T09:15:00Z,2,TEA-9,Tea,1,4.99,0,0,USD\n"
                + "S-01,R-2,2026-11-23T09:20:00Z,1,TEA-9,Tea,1,4.99,0,0,USD\n"
                + "S-01,R-3,yesterday,1,TEA-9,Tea,1,4.99,0,0,USD\n"
                + "S-01,R-4,2026-11-23T09:25:00Z,1,TEA-9,Tea,1\n");
        assertThat(r.sales()).extracting(PosCsvParser.Sale::saleId).containsExactly("R-2");
        assertThat(r.errors()).extracting(PosCsvParser.RowError::row).containsExactly(2, 5, 6);
        assertThat(r.errors().get(0).reason()).contains("quantity 'two'");
        assertThat(r.errors().get(1).reason()).contains("sold_at 'yesterday'");
        assertThat(r.errors().get(2).reason()).contains("7 fields");
        assertThat(r.rejectedSales()).containsExactly("S-01/R-1", "S-01/R-3");
        assertThat(r.fileFailed()).isFalse();
    }

    @Test
    void fileWithoutTheRequiredColumnsOrUsableRowsFails() {
        assertThat(PosCsvParser.parse("store,sale\nS,1\n").fileError()).contains("sale_id");
        assertThat(PosCsvParser.parse("").fileFailed()).isTrue();
        assertThat(PosCsvParser.parse(HEADER + "S-01,R-1,2026-11-23T09:15:00Z,1,MUG-1,Mug,1,abc,0,0,USD\n").fileFailed())
                .isTrue();
    }

    @Test
    void millionRowsWithManyBadRows_areReadInOnePass() {
        StringBuilder csv = new StringBuilder(80_000_000).append(HEADER);
        for (int i = 0; i < 1_000_000; i++) {
            // one sale per row; every third row malformed, so a third of the sales are held back
            csv.append("S-01,R-").append(i).append(",2026-11-23T09:15:00Z,1,TEA-9,Tea,")
                    .append(i % 3 == 0 ? "x" : "1").append(",4.99,0,0,USD\n");
        }
        PosCsvParser.Result r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60), () -> PosCsvParser.parse(csv.toString()));
        assertThat(r.sales()).hasSize(666_666);
        assertThat(r.rejectedSales()).hasSize(333_334);
    }
}
