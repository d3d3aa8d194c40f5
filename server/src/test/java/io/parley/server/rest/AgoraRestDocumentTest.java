package io.parley.server.rest;

import static org.assertj.core.api.Assertions.assertThat;

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

/** docs/agora-rest.yaml documents exactly the endpoints the server routes. */
class AgoraRestDocumentTest {
    @Test
    @SuppressWarnings("unchecked")
    void everyEndpointIsDocumented_andNothingElse() throws Exception {
        Map<String, Object> doc;
        try (Reader r = Files.newBufferedReader(Path.of("../docs/agora-rest.yaml"))) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        Set<String> documented = new TreeSet<>();
        ((Map<String, Object>) doc.get("paths")).forEach((path, ops) -> ((Map<String, Object>) ops).keySet().stream()
                .filter(Set.of("get", "post", "put", "delete")::contains)
                .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(documented).containsExactlyInAnyOrderElementsOf(AgoraRestApi.routes());
    }
}
