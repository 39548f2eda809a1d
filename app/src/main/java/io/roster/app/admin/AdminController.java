package io.roster.app.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

@RestController
@Tag(name = "Operations")
class AdminController {

    private final ProcessorStatus processors;

    AdminController(ProcessorStatus processors) {
        this.processors = processors;
    }

    @GetMapping("/api/v1/admin/processors")
    @Operation(summary = "Every read model and side-effect processor: status, position, head, lag, errors")
    Map<String, List<ProcessorStatus.Processor>> processors() {
        return Map.of("items", processors.all());
    }
}
