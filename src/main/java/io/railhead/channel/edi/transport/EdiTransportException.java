package io.railhead.channel.edi.transport;

/**
 * A partner transport refused a transfer for a reason that retrying on the spot will not fix: the
 * server's host key is unknown or changed, the login was refused, a folder is missing or not
 * writable. Thrown by {@link EdiSftpTransport} for the {@code edi-send-sftp} route so the dead
 * letter names the partner, the server and the reason instead of a bare "cannot connect".
 */
public class EdiTransportException extends io.railhead.shared.PermanentEndpointException {

    public EdiTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
