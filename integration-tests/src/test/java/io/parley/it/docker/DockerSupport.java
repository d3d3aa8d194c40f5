package io.parley.it.docker;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether the Docker tests run: always where a Docker engine answers; where none does they fail
 * when {@code PARLEY_DOCKER_TESTS=required} (CI sets it, so they can never skip there) and are
 * skipped otherwise (a laptop without Docker).
 */
final class DockerSupport {
    private DockerSupport() {
    }

    static void requireDocker() {
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            available = false;
        }
        if ("required".equals(System.getenv("PARLEY_DOCKER_TESTS"))) {
            if (!available) {
                throw new IllegalStateException("PARLEY_DOCKER_TESTS=required but no Docker engine answers");
            }
            return;
        }
        Assumptions.assumeTrue(available, "no Docker engine: Docker tests skipped (set PARLEY_DOCKER_TESTS=required to fail)");
    }

    /** The JRE 17 base image: PARLEY_BASE_IMAGE (CI: a locally imported Debian image) or the standard one. */
    static String baseImage() {
        String v = System.getenv("PARLEY_BASE_IMAGE");
        return v == null || v.isBlank() ? "eclipse-temurin:17-jre" : v;
    }
}
