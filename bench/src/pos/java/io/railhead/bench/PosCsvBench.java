package io.railhead.bench;

import io.railhead.channel.pos.PosCsvParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;

/**
 * Reads a generated POS sales CSV with the hub's {@link PosCsvParser}, as the POS intake does
 * (a file stream, strict UTF-8): rows/s and the thread's CPU time per round. Rows are one-line
 * sales; every {@code --bad-every}th row is malformed, so its sale is held back and reported.
 * Options: {@code --rows 1000000}, {@code --bad-every 3}, {@code --rounds 3}. Run by
 * {@code bench/pos-csv-bench.sh}.
 */
public final class PosCsvBench {

    public static void main(String[] args) throws IOException {
        int rows = PosCsvBenchArgs.intArg(args, "--rows", 1_000_000);
        int badEvery = PosCsvBenchArgs.intArg(args, "--bad-every", 3);
        int rounds = PosCsvBenchArgs.intArg(args, "--rounds", 3);
        Path file = Files.createTempFile("pos-bench-", ".csv");
        try {
            StringBuilder csv = new StringBuilder(rows * 72)
                    .append("store_id,sale_id,sold_at,line_no,sku,description,quantity,unit_price,discount,tax,currency\n");
            for (int i = 0; i < rows; i++) {
                csv.append("S-01,R-").append(i).append(",2026-11-23T09:15:00Z,1,TEA-9,Tea,")
                        .append(badEvery > 0 && i % badEvery == 0 ? "x" : "1").append(",4.99,0,0,USD\n");
            }
            Files.writeString(file, csv, StandardCharsets.UTF_8);
            csv = null;
            System.out.printf("file: %d rows, %d bytes, every %dth row malformed%n", rows, Files.size(file), badEvery);
            var threads = ManagementFactory.getThreadMXBean();
            for (int r = 1; r <= rounds; r++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                PosCsvParser.Result result;
                try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT))) {
                    result = PosCsvParser.parse(in, 1000);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("RESULT round %d: %.2f s wall, %.2f s cpu, %.0f rows/s; %d sales kept, %d malformed "
                                + "rows (%d listed), %d sales held back%n", r, seconds,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e9, rows / seconds, result.sales().size(),
                        result.errorCount(), result.errors().size(), result.rejectedSales().size());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
