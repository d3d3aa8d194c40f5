package io.parley.server.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps (method, path segments) to a handler. Templates are slash-separated with {@code {name}}
 * placeholders matching one segment. A path with no template is 404; a path whose template exists
 * for other methods is 405.
 */
final class Router {
    /** Returns the 200 body, or a CompletionStage of it; throws {@link AdminError} to refuse. */
    interface Handler {
        Object handle(Call call);
    }

    private record Route(String method, String[] template, Handler handler) {
    }

    /** A matched request: its path parameters and body. */
    static final class Call {
        private final Map<String, String> params;
        private final byte[] body;
        private final Map<String, List<String>> query;

        Call(Map<String, String> params, byte[] body, Map<String, List<String>> query) {
            this.params = params;
            this.body = body;
            this.query = query;
        }

        String param(String name) {
            return params.get(name);
        }

        /** The last value of query parameter {@code name}, or null. */
        String query(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
        }

        <T> T body(Class<T> type) {
            return Json.read(body, type);
        }

        /** The parsed body, or null when the request has none. */
        <T> T optionalBody(Class<T> type) {
            return body.length == 0 ? null : Json.read(body, type);
        }
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        routes.add(new Route(method, template.split("/"), handler));
        return this;
    }

    /** "METHOD template" of every route (the OpenAPI document is checked against these). */
    List<String> describe() {
        return routes.stream().map(r -> r.method + " " + String.join("/", r.template)).toList();
    }

    Object dispatch(String method, List<String> path, byte[] body) {
        return dispatch(method, path, body, Map.of());
    }

    Object dispatch(String method, List<String> path, byte[] body, Map<String, List<String>> query) {
        boolean pathKnown = false;
        for (Route r : routes) {
            Map<String, String> params = match(r.template, path);
            if (params == null) {
                continue;
            }
            if (r.method.equals(method)) {
                return r.handler.handle(new Call(params, body, query));
            }
            pathKnown = true;
        }
        if (pathKnown) {
            throw new AdminError(405, "METHOD_NOT_ALLOWED", method + " is not supported on this path");
        }
        throw AdminError.notFound("NOT_FOUND", "no such admin endpoint");
    }

    private static Map<String, String> match(String[] template, List<String> path) {
        if (template.length != path.size()) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), path.get(i));
            } else if (!t.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }
}
