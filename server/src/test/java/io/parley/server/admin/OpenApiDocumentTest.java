package io.parley.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.server.config.ServerConfig;
import io.parley.server.time.TimeSource;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** docs/admin-api.yaml documents exactly the endpoints the server routes. */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

    @Test
    @SuppressWarnings("unchecked")
    void everyRouteIsDocumented_andNothingElse() throws Exception {
        Map<String, Object> doc;
        try (Reader r = Files.newBufferedReader(Path.of("../docs/admin-api.yaml"))) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        Set<String> documented = new TreeSet<>();
        ((Map<String, Object>) doc.get("paths")).forEach((path, ops) -> ((Map<String, Object>) ops).keySet().stream()
                .filter(METHODS::contains)
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path.substring(1)
                        .replace("{app_id}", "{app}").replace("{user_id}", "{user}").replace("{channel_id}", "{channel}"))));

        AdminApi api = adminApi();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(api.routes());
    }

    private static AdminApi adminApi() {
        // routing only: the endpoints keep their features and call them per request
        return new AdminApi(ServerConfig.builder().build(), new AdminApi.Features(null, null, null, null, null, null, null, null, null),
                TimeSource.SYSTEM);
    }
}
