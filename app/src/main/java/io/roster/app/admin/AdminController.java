package io.roster.app.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.roster.command.common.Refusal;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Map;

@RestController
@Tag(name = "Operations")
class AdminController {

    private final ProcessorStatus processors;
    private final ReplayService replays;

    AdminController(ProcessorStatus processors, ReplayService replays) {
        this.processors = processors;
        this.replays = replays;
    }

    @PostMapping("/api/v1/admin/processors/{name}/replay")
    @Operation(summary = "Rebuild a read model from the event store while the current one keeps answering (blue/green)")
    ResponseEntity<ReplayService.Progress> replay(@PathVariable String name) {
        ReplayService.Progress progress = replays.start(name);
        return ResponseEntity.accepted().location(URI.create("/api/v1/admin/replays/" + progress.id())).body(progress);
    }

    @GetMapping("/api/v1/admin/replays/{id}")
    @Operation(summary = "Progress of a rebuild: processed / total events, percent, events per second, time left, state")
    ReplayService.Progress replayProgress(@PathVariable String id) {
        return replays.progress(id).orElseThrow(() -> Refusal.notFound("replay-not-found", "no replay " + id));
    }

    @GetMapping("/api/v1/admin/processors")
    @Operation(summary = "Every read model and side-effect processor: status, position, head, lag, errors")
    Map<String, List<ProcessorStatus.Processor>> processors() {
        return Map.of("items", processors.all());
    }
}
