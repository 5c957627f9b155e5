# The cdc worker image: `docker build -t cdc-orchestrator-worker .` (docker-compose.yml builds it too).
# Build stage: the Maven wrapper, as on a developer machine, so the image runs what ./cdc runs.
FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY worker/ worker/
COPY starter/ starter/
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package

# Runtime: a glibc JRE (the sandbox's embedded PostgreSQL binaries need glibc, and refuse to run as root).
FROM eclipse-temurin:17.0.15_6-jre-jammy
RUN groupadd --system --gid 10001 cdc \
 && useradd --system --uid 10001 --gid cdc --create-home --home-dir /home/cdc cdc
COPY --from=build /src/starter/target/cdc.jar /opt/cdc/cdc.jar
COPY --from=build /src/starter/target/lib/ /opt/cdc/lib/
USER 10001:10001
WORKDIR /home/cdc
ENV CDC_HOME=/home/cdc/.cdc \
    TEMPORAL_ADDRESS=temporal:7233 \
    JAVA_TOOL_OPTIONS="-Xmx512m -XX:+UseSerialGC"
ENTRYPOINT ["java", "-Dcdc.log.file=/home/cdc/.cdc/logs/cdc.log", "-jar", "/opt/cdc/cdc.jar"]
CMD ["worker"]
