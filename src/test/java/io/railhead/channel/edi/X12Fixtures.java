package io.railhead.channel.edi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds X12 test interchanges with correct envelopes and counts (or deliberately wrong ones):
 * the project's own fixtures, so tests can use fresh control numbers and PO numbers each run.
 */
public final class X12Fixtures {

    private X12Fixtures() {
    }

    public static String controlNumber() {
        return String.format("%09d", ThreadLocalRandom.current().nextInt(1, 999_999_999));
    }

    public static String groupNumber() {
        return String.valueOf(ThreadLocalRandom.current().nextInt(1, 999_999_999));
    }

    /** An interchange from a sender to RAILHEADDEMO with one PO group holding the given transaction sets. */
    public static String interchange(String sender, String isa13, String gs06, List<List<String>> sets) {
        return interchange(sender, "RAILHEADDEMO", isa13, gs06, sets);
    }

    /** An interchange from a sender to a receiver with one PO group holding the given transaction sets. */
    public static String interchange(String sender, String receiver, String isa13, String gs06,
                                     List<List<String>> sets) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("ISA*00*          *00*          *ZZ*%-15s*ZZ*%-15s*261123*1015*U*00401*%s*0*P*>~%n",
                sender, receiver, isa13));
        sb.append("GS*PO*").append(sender).append('*').append(receiver).append("*20261123*1015*").append(gs06)
                .append("*X*004010~\n");
        int n = 0;
        for (List<String> body : sets) {
            n++;
            String st02 = String.format("%04d", n);
            sb.append("ST*850*").append(st02).append("~\n");
            for (String segment : body) {
                sb.append(segment).append("~\n");
            }
            sb.append("SE*").append(body.size() + 2).append('*').append(st02).append("~\n");
        }
        sb.append("GE*").append(sets.size()).append('*').append(gs06).append("~\n");
        sb.append("IEA*1*").append(isa13).append("~\n");
        return sb.toString();
    }

    /** A one-line 850 by vendor part number (our SKU) with a full ship-to: valid for any partner profile. */
    public static List<String> vendorPartOrder(String po) {
        return List.of("BEG*00*SA*" + po + "**20261123", "N1*ST*RECEIVING DOCK 4*92*4", "N3*12 HARBOR RD",
                "N4*OAKLAND*CA*94607*US", "PO1*1*5*EA*7.50**VN*MUG-CLASSIC-12", "CTT*1*5");
    }

    /** A two-line 850 for DC 12: one line by UPC (cross-referenced), one by vendor part number, no total. */
    public static List<String> purchaseOrder(String po) {
        List<String> s = new ArrayList<>();
        s.add("BEG*00*SA*" + po + "**20261123");
        s.add("REF*DP*042");
        s.add("DTM*010*20261201");
        s.add("TD5*O*2*UPSN*M*UPS GROUND");
        s.add("N1*BY*BRIGHTMART STORES*92*0001");
        s.add("N1*ST*BRIGHTMART DC 12*92*12");
        s.add("N3*400 LOGISTICS WAY");
        s.add("N4*COLUMBUS*OH*43215*US");
        s.add("PO1*1*24*EA*3.25**UP*012345678905*BP*77-100");
        s.add("PID*F****CLASSIC MUG 12OZ");
        s.add("PO1*2*6*CA*18.00**VN*TEA-EARLGREY-6");
        s.add("CTT*2*30");
        return s;
    }

    /** A fresh SSCC-18 (extension 0, GS1 company prefix 0614141) with a valid GS1 check digit. */
    public static String sscc() {
        String data = "0" + "0614141" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            int digit = data.charAt(data.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }
        return data + (10 - sum % 10) % 10;
    }
}
