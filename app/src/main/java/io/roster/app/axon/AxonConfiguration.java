package io.roster.app.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.roster.app.crypto.PersonalDataModule;
import io.roster.app.crypto.PersonalDataVault;
import io.roster.command.common.ActorMetadataInterceptor;
import io.roster.events.AuditMetadata;
import io.micrometer.core.instrument.MeterRegistry;
import io.roster.command.access.Containment;
import io.roster.command.access.ContainmentInterceptor;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Component;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Axon on PostgreSQL, wired explicitly rather than through auto-configuration ordering: the JDBC event store in
 * the application's DataSource and Spring transactions, every event processor in the command's transaction, Jackson for every message, audit
 * metadata on every command and event.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /** One Jackson mapper for events, messages and tokens; personal fields are encrypted per data subject. */
    @Bean
    @Primary
    Serializer serializer(PersonalDataVault vault) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new PersonalDataModule(vault))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /**
     * Aggregate snapshots are the aggregates' fields (they have no getters), personal ones encrypted with the
     * person's key just like in events.
     */
    static Serializer snapshotSerializer(PersonalDataVault vault) {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new PersonalDataModule(vault))
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return JacksonSerializer.builder().objectMapper(mapper).build();
    }

    /**
     * Snapshots are taken on their own threads, after the command's transaction: taken in the command's thread
     * they would need a second connection while the first is still held, and a burst of commands could then hold
     * the whole pool waiting for itself. A snapshot is an optimisation: when the queue is full it is skipped.
     */
    @Bean(destroyMethod = "shutdown")
    ThreadPoolExecutor snapshotExecutor() {
        return new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), runnable -> {
            Thread thread = new Thread(runnable, "snapshotter");
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    @Bean
    SpringAggregateSnapshotter aggregateSnapshotter(org.axonframework.config.Configuration configuration,
                                                    HandlerDefinition handlerDefinition,
                                                    ParameterResolverFactory parameterResolverFactory,
                                                    EventStore eventStore, TransactionManager transactionManager,
                                                    ThreadPoolExecutor snapshotExecutor) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(snapshotExecutor)
                .build();
    }

    /** A snapshot every {@code roster.snapshots.every} events of a User or Organization (0: never). */
    @Bean
    SnapshotTriggerDefinition aggregateSnapshots(Snapshotter snapshotter,
                                                 @Value("${roster.snapshots.every:100}") int every) {
        return every <= 0 ? NoSnapshotTriggerDefinition.INSTANCE : new EventCountSnapshotTriggerDefinition(snapshotter, every);
    }

    /**
     * Snapshots of an older shape of an aggregate (its {@code @Revision} changed) are ignored: the aggregate is
     * rebuilt from its events and a fresh snapshot follows. Axon gives each aggregate a {@code RevisionSnapshotFilter}
     * for its own {@code @Revision}; they are gathered when the first snapshot is read, as the aggregates are
     * configured after this engine.
     */
    static SnapshotFilter aggregateRevisions(org.axonframework.config.Configuration configuration) {
        Component<SnapshotFilter> filters = new Component<>(configuration, "snapshotFilter",
                org.axonframework.config.Configuration::snapshotFilter);
        return snapshot -> filters.get().allow(snapshot);
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer(Serializer serializer) {
        return serializer;
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(Serializer serializer) {
        return serializer;
    }

    /**
     * The event store. Every processor subscribes to it and runs in the publishing command's transaction, so nothing
     * reads it by polling; rebuilds read the storage engine directly.
     */
    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(org.axonframework.eventhandling.EventBusSpanFactory.class))
                .build();
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer, ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          org.axonframework.config.Configuration configuration, PersonalDataVault vault) {
        return storageEngine(serializer, connectionProvider, transactionManager, configuration)
                .snapshotSerializer(snapshotSerializer(vault))
                .snapshotFilter(aggregateRevisions(configuration))
                .build();
    }

    /** The event store's settings; a rebuild reads through a second engine built from them with larger batches. */
    public static JdbcEventStorageEngine.Builder storageEngine(Serializer serializer, ConnectionProvider connectionProvider,
                                                               TransactionManager transactionManager,
                                                               org.axonframework.config.Configuration configuration) {
        return JdbcEventStorageEngine.builder()
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema());
    }

    /**
     * Queries run without a transaction: Axon's default query bus wraps each one in a transaction of its own, a
     * needless BEGIN and COMMIT around a single read.
     */
    @Bean
    @Qualifier("localSegment")
    SimpleQueryBus queryBus(org.axonframework.config.Configuration configuration) {
        return SimpleQueryBus.builder()
                .messageMonitor(configuration.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(configuration.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(configuration.getComponent(QueryUpdateEmitter.class))
                .spanFactory(configuration.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    /** actorId, actorType, ... travel from each command onto every event it causes. */
    @Bean
    CorrelationDataProvider auditCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(AuditMetadata.KEYS.toArray(String[]::new));
    }

    /**
     * correlationId (the message that caused this one) and traceId (the first message of the chain) on every command
     * and event: Axon's own default, which declaring the audit provider above would otherwise switch off.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    ActorMetadataInterceptor actorMetadataInterceptor() {
        return new ActorMetadataInterceptor();
    }

    /** Privilege containment for every command on a principal, inside the command's transaction. */
    @Bean
    ContainmentInterceptor containmentInterceptor(Containment containment, JdbcClient jdbc) {
        return new ContainmentInterceptor(containment, jdbc);
    }

    /**
     * Commands racing on one aggregate across nodes lose on the event store's unique key; they are retried on
     * fresh state (where an If-Match then fails honestly with 412).
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(retries)
                        .retryInterval(20)
                        .maxRetryCount(5)
                        // only lost races on the event store are worth retrying; refusals and a stale If-Match
                        // are final. Inside a caller's transaction the failed statement has aborted that
                        // transaction: the caller retries the whole of it (CommandSender), never this command alone
                        .nonTransientFailurePredicate(failure -> failure instanceof ConflictingAggregateVersionException
                                || TransactionSynchronizationManager.isActualTransactionActive()
                                || !(failure instanceof ConcurrencyException) && !(failure instanceof SQLException))
                        .build())
                .build();
    }

    /**
     * Command and event-processor metrics with a fixed memory footprint and a fixed cost per message: counters and
     * timers per command bus and per processor, plus each processor's latency ({@link MessageMetrics}). Axon's own
     * metrics set-up (turned off in application.yml) also adds a capacity monitor that keeps one entry per message for
     * ten minutes: at 10,000 events/s during a catch-up that is millions of objects per processor, and a 512 MiB heap
     * ran out (ReplayBench, 1,000,000 events).
     */
    @Bean
    ConfigurerModule messageMonitors(MeterRegistry registry) {
        return configurer -> configurer
                .configureMessageMonitor(CommandBus.class, (configuration, type, name) ->
                        new MessageMetrics("commandBus", registry, false))
                .configureMessageMonitor(EventProcessor.class, (configuration, type, name) ->
                        new MessageMetrics("eventProcessor." + name, registry, true));
    }

    /**
     * Every event handler runs in the command's own transaction (a subscribing processor on the event store, sharing
     * the JDBC transaction through {@link UnitOfWorkAwareConnectionProviderWrapper}): the events, every read model,
     * the audit entry and the outbox rows commit together or not at all, and the command's answer reads the row its
     * transaction wrote. A handler that fails fails the command, so no event ever exists without its read models.
     */
    @Bean
    ConfigurerModule inlineEventHandling() {
        // The event store keeps timestamps to the millisecond; handlers see the event before it is read back, so its
        // timestamp must already be what a rebuild will read, or a rebuilt read model would differ from the live one.
        GenericEventMessage.clock = Clock.tickMillis(ZoneOffset.UTC);
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingSubscribingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                .registerDefaultErrorHandler(c -> PropagatingErrorHandler.instance()));
    }
}
