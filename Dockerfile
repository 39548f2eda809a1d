# syntax=docker/dockerfile:1
# Roster: multi-stage build. Needs BuildKit (default in current Docker; else DOCKER_BUILDKIT=1).
#   docker build -t roster .
# Tests are not run here (-DskipTests): they need no Docker and run with `mvn -B verify`.

########## build ##########
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# 1. Poms only: this layer (and the warm ~/.m2 cache mount) survives source edits.
COPY pom.xml ./
COPY shared-events/pom.xml shared-events/
COPY command-side/pom.xml command-side/
COPY query-side/pom.xml query-side/
COPY app/pom.xml app/
# Best effort: go-offline can trip over the not-yet-built reactor modules; the package step below
# downloads whatever is still missing into the same cache.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q dependency:go-offline -DexcludeGroupIds=io.roster || true

# 2. Sources, then the real build.
COPY shared-events/ shared-events/
COPY command-side/ command-side/
COPY query-side/ query-side/
COPY app/ app/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -DskipTests package

########## runtime ##########
FROM eclipse-temurin:17-jre
# No HEALTHCHECK: the JRE image has neither curl nor wget. Probe GET /actuator/health from outside.
RUN groupadd --system roster \
 && useradd --system --gid roster --home-dir /app --shell /usr/sbin/nologin roster \
 && mkdir -p /app /var/lib/roster \
 && chown roster:roster /var/lib/roster
WORKDIR /app
COPY --from=build --chown=roster:roster /src/app/target/roster.jar /app/roster.jar

ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    ROSTER_DATA_DIR=/var/lib/roster \
    SERVER_PORT=8080
VOLUME /var/lib/roster
USER roster
EXPOSE 8080
ENTRYPOINT ["java","-XX:MaxRAMPercentage=75","-jar","/app/roster.jar"]
