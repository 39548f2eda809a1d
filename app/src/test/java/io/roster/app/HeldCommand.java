package io.roster.app;

import io.roster.command.common.CommandSender;
import io.roster.command.common.RequestActor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A command sent by the system in a transaction that stays open until {@link #release()}: a slow command, as a racing
 * one meets it. {@link #send} returns once the command has been handled (its locks taken, its rows written but not
 * committed).
 */
public final class HeldCommand {

    private final CountDownLatch handled = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CompletableFuture<Object> transaction;

    private HeldCommand(CommandSender commands, String actor, Object command, String kind, String id) {
        transaction = CompletableFuture.supplyAsync(() -> commands.inOneTransaction(() -> {
            RequestActor.system(actor).runAs(() -> commands.send(command, kind, id));
            handled.countDown();
            try {
                released.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
    }

    public static HeldCommand send(CommandSender commands, String actor, Object command, String kind, String id)
            throws InterruptedException {
        HeldCommand held = new HeldCommand(commands, actor, command, kind, id);
        assertThat(held.handled.await(30, TimeUnit.SECONDS)).as("the held command was handled").isTrue();
        return held;
    }

    /** Lets the transaction commit, and waits until it has. */
    public void release() throws Exception {
        released.countDown();
        transaction.get(30, TimeUnit.SECONDS);
    }
}
