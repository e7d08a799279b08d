package io.railhead.channel.edi;

/** Message headers of the EDI flows (valid JMS property names). */
public final class EdiHeaders {

    /** The partner id a transport already knows the file belongs to (file/SFTP folder, AS2-From). */
    public static final String PARTNER = "RailheadEdiPartner";
    /** file, sftp or as2. */
    public static final String TRANSPORT = "RailheadEdiTransport";
    public static final String ARCHIVE_ID = "RailheadEdiArchiveId";
    public static final String OUTBOUND_ID = "RailheadEdiOutboundId";
    /** 997, TA1, 855, 856, 810. */
    public static final String DOCUMENT = "RailheadEdiDocument";
    public static final String FILE_NAME = "CamelFileName";

    private EdiHeaders() {
    }
}
