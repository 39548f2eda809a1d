package io.roster.app.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** A browser opening Roster's address (or landing there after signing in) goes to the console. */
@Controller
class RootRedirect {

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }
}
