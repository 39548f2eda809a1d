package io.roster.app.console;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.function.Supplier;

/**
 * How a console change ends: back to a page with what happened on top, or with the API's refusal in its own
 * words. A lost session (401) and server failures are not the person's mistake and go to {@link ConsoleAdvice}.
 */
final class Outcomes {

    private Outcomes() {
    }

    /** Runs {@code change}; redirects to {@code page} with {@code notice}, or with the refusal. */
    static String change(RedirectAttributes redirect, String page, String notice, Runnable change) {
        return change(redirect, () -> {
            change.run();
            return page;
        }, notice, page);
    }

    /** Runs {@code change}, which names the page to go to; on a refusal goes to {@code refusedPage}. */
    static String change(RedirectAttributes redirect, Supplier<String> change, String notice, String refusedPage) {
        try {
            String page = change.get();
            if (notice != null) {
                redirect.addFlashAttribute("notice", notice);
            }
            return "redirect:" + page;
        } catch (ApiProblem problem) {
            rethrowUnlessRefusal(problem);
            redirect.addFlashAttribute("problem", problem.detail());
            return "redirect:" + refusedPage;
        }
    }

    /** A 4xx other than 401 is a refusal to show; anything else is thrown on. */
    static void rethrowUnlessRefusal(ApiProblem problem) {
        if (problem.status() >= 500 || problem.status() == 401) {
            throw problem;
        }
    }
}
