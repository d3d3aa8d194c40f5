package io.parley.rtm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SDK's API is exactly Agora's RTM 1.x Java API (agora-rtm-api.md §1–2, in
 * {@code api/agora-rtm-1x.txt}) plus what Parley adds on purpose ({@code api/parley-additions.txt}).
 * An accidental public class, method, field or constant value — or a lost one — fails here. To see
 * the current surface, run with {@code -Dparley.api.dump=target/api.txt}.
 */
class PublicApiTest {
    @Test
    void publicSurface_isAgorasApiPlusParleysDeliberateAdditions() throws Exception {
        Set<String> actual = surface();
        String dump = System.getProperty("parley.api.dump");
        if (dump != null) {
            Files.write(Paths.get(dump), actual, StandardCharsets.UTF_8);
        }
        Set<String> agora = lines("api/agora-rtm-1x.txt");
        Set<String> additions = lines("api/parley-additions.txt");
        assertThat(intersection(agora, additions)).as("listed both as Agora's and as Parley's").isEmpty();

        Set<String> expected = new TreeSet<>(agora);
        expected.addAll(additions);
        assertThat(minus(actual, expected)).as("public API that neither list has (new API goes in a list on purpose)")
                .isEmpty();
        assertThat(minus(expected, actual)).as("API the lists promise that the SDK lacks").isEmpty();
    }

    @Test
    void noPublicSignature_exposesAnInternalType() throws Exception {
        for (String line : surface()) {
            assertThat(line).as(line).doesNotContain("internal");
        }
    }

    /** Every public type of {@code io.parley.rtm} and its public and protected members, one line each. */
    static Set<String> surface() throws IOException, URISyntaxException {
        Set<String> out = new TreeSet<>();
        for (Class<?> c : apiClasses()) {
            out.add(typeLine(c));
            for (Field f : c.getDeclaredFields()) {
                if (visible(f)) {
                    out.add(name(c) + " field " + modifiers(f) + short_(f.getGenericType()) + " " + f.getName()
                            + constant(f));
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (visible(k) && !c.isEnum()) {
                    out.add(name(c) + " constructor " + modifiers(k) + "(" + params(k.getGenericParameterTypes()) + ")");
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                    out.add(name(c) + " method " + modifiers(m) + (m.isDefault() ? "default " : "")
                            + short_(m.getGenericReturnType()) + " " + m.getName() + "("
                            + params(m.getGenericParameterTypes()) + ")" + throwsClause(m)
                            + (m.isAnnotationPresent(Deprecated.class) ? " @Deprecated" : ""));
                }
            }
        }
        return out;
    }

    private static List<Class<?>> apiClasses() throws IOException, URISyntaxException {
        URL root = RtmClient.class.getResource("RtmClient.class");
        Path dir = Paths.get(root.toURI()).getParent();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().collect(Collectors.toList())) {
                String file = p.getFileName().toString();
                if (!file.endsWith(".class")) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName("io.parley.rtm." + file.substring(0, file.length() - 6));
                    if (exported(c)) {
                        out.add(c);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }

    private static boolean exported(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers()) || k.isAnonymousClass() || k.isLocalClass()) {
                return false;
            }
        }
        return true;
    }

    private static String typeLine(Class<?> c) {
        int mods = c.getModifiers() & (c.isInterface() ? Modifier.STATIC : Modifier.ABSTRACT | Modifier.FINAL | Modifier.STATIC);
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : "class";
        String ext = c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum()
                ? " extends " + short_(c.getGenericSuperclass()) : "";
        String impl = c.getGenericInterfaces().length == 0 ? "" : (c.isInterface() ? " extends " : " implements ")
                + Arrays.stream(c.getGenericInterfaces()).map(PublicApiTest::short_).collect(Collectors.joining(", "));
        String typeParams = c.getTypeParameters().length == 0 ? "" : "<" + Arrays.stream(c.getTypeParameters())
                .map(Type::getTypeName).collect(Collectors.joining(", ")) + ">";
        return name(c) + " " + (Modifier.toString(mods) + " " + kind).trim() + typeParams + ext + impl
                + (c.isAnnotationPresent(Deprecated.class) ? " @Deprecated" : "");
    }

    private static boolean visible(Member m) {
        return (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()))
                && !m.isSynthetic();
    }

    private static String modifiers(Member m) {
        int mods = m.getModifiers() & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
                | Modifier.ABSTRACT);
        if (m.getDeclaringClass().isInterface()) {
            mods &= ~(Modifier.PUBLIC | Modifier.ABSTRACT | (m instanceof Field ? Modifier.STATIC | Modifier.FINAL : 0));
        }
        String s = Modifier.toString(mods);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String constant(Field f) {
        int mods = f.getModifiers();
        if (!Modifier.isStatic(mods) || !Modifier.isFinal(mods)
                || !(f.getType().isPrimitive() || f.getType() == String.class)) {
            return "";
        }
        try {
            Object v = f.get(null);
            return " = " + (v instanceof String ? "\"" + v + "\"" : v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String throwsClause(Method m) {
        return m.getExceptionTypes().length == 0 ? "" : " throws " + Arrays.stream(m.getGenericExceptionTypes())
                .map(PublicApiTest::short_).collect(Collectors.joining(", "));
    }

    private static String params(Type[] types) {
        return Arrays.stream(types).map(PublicApiTest::short_).collect(Collectors.joining(", "));
    }

    private static String name(Class<?> c) {
        return c.getName().substring("io.parley.rtm.".length()).replace('$', '.');
    }

    private static String short_(Type t) {
        return t.getTypeName().replace('$', '.').replaceAll("\\bjava\\.lang\\.(?=[A-Z])", "")
                .replaceAll("\\bjava\\.util\\.(?=[A-Z])", "").replaceAll("\\bio\\.parley\\.rtm\\.(?=[A-Z])", "");
    }

    private static Set<String> lines(String resource) throws IOException {
        try (InputStream in = PublicApiTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.retainAll(b);
        return out;
    }
}
