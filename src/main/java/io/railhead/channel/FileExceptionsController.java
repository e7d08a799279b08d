package io.railhead.channel;

import io.railhead.channel.FileExceptions;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' list of dropped files a channel could not use, or used only in part (the POS CSV
 * folder), newest first, with the reason and where the file and its report are now.
 */
@RestController
public class FileExceptionsController {

    private final FileExceptions exceptions;

    public FileExceptionsController(FileExceptions exceptions) {
        this.exceptions = exceptions;
    }

    @GetMapping("/api/file-exceptions")
    public Map<String, Object> list(@RequestParam(required = false) String channel,
                                    @RequestParam(defaultValue = "100") int limit) {
        return Map.of("exceptions", exceptions.list(channel, Math.min(Math.max(limit, 1), 1000)));
    }
}
