package dev.parley.server.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the {@link Config} from its sources, lowest precedence first: built-in defaults, the YAML file
 * ({@code --config} or {@code PARLEY_CONFIG}), {@code PARLEY_*} environment variables, then flags. Every key the file
 * may hold can also be set by a variable named after its path: {@code gateway.maxInFlight} is
 * {@code PARLEY_GATEWAY_MAX_IN_FLIGHT}, {@code dataDir} is {@code PARLEY_DATA_DIR}. Unknown file keys, unparsable
 * values and out-of-range values fail with a {@link ConfigException} naming the key or variable.
 */
public final class ConfigLoader {
    public static final String CONFIG_VARIABLE = "PARLEY_CONFIG";
    private static final String PREFIX = "PARLEY_";

    /** Command-line overrides; null means "not given". */
    public record Flags(Integer port, String bind, Path dataDir, Path config, Integer nodeId) {
        public static Flags none() {
            return new Flags(null, null, null, null, null);
        }
    }

    private final ObjectMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public Config load(Map<String, String> environment, Flags flags) {
        ObjectNode tree = defaultsTree();
        Optional<Path> file = Optional.ofNullable(flags.config())
                .or(() -> Optional.ofNullable(environment.get(CONFIG_VARIABLE)).filter(s -> !s.isBlank()).map(Path::of));
        file.ifPresent(path -> mergeFile(tree, path));
        mergeEnvironment(tree, environment);
        mergeFlags(tree, flags);
        return bind(tree);
    }

    private ObjectNode defaultsTree() {
        Config defaults = Config.defaults();
        ObjectNode tree = mapper.valueToTree(defaults);
        tree.put("dataDir", defaults.dataDir().toString());
        return tree;
    }

    private void mergeFile(ObjectNode tree, Path path) {
        JsonNode file;
        try {
            file = mapper.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + path + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
        if (file == null || file.isMissingNode() || file.isNull()) {
            return;
        }
        if (!file.isObject()) {
            throw new ConfigException("config file " + path + " must be a mapping of keys to values");
        }
        merge(tree, (ObjectNode) file, "", path.toString());
    }

    /** Overlays the file's values on the tree; every key must already exist in the tree (the defaults). */
    private static void merge(ObjectNode target, ObjectNode source, String prefix, String origin) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = prefix + entry.getKey();
            JsonNode existing = target.get(entry.getKey());
            if (existing == null) {
                throw new ConfigException(origin + ": unknown key '" + key + "'");
            }
            if (existing.isObject()) {
                if (!entry.getValue().isObject()) {
                    throw new ConfigException(origin + ": key '" + key + "' must be a mapping");
                }
                merge((ObjectNode) existing, (ObjectNode) entry.getValue(), key + ".", origin);
            } else {
                if (entry.getValue().isContainerNode()) {
                    throw new ConfigException(origin + ": key '" + key + "' must be a single value");
                }
                target.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static void mergeEnvironment(ObjectNode tree, Map<String, String> environment) {
        for (Leaf leaf : leaves(tree, "")) {
            String variable = PREFIX + leaf.variableSuffix();
            String value = environment.get(variable);
            if (value != null) {
                leaf.parent().set(leaf.name(), parse(leaf.parent().get(leaf.name()), value.trim(), variable));
            }
        }
    }

    private static void mergeFlags(ObjectNode tree, Flags flags) {
        if (flags.port() != null) {
            tree.put("port", flags.port());
        }
        if (flags.bind() != null) {
            tree.put("bind", flags.bind());
        }
        if (flags.dataDir() != null) {
            tree.put("dataDir", flags.dataDir().toString());
        }
        if (flags.nodeId() != null) {
            tree.put("nodeId", flags.nodeId());
        }
    }

    /** Converts a variable's text to the type of the default it replaces, so errors name the variable. */
    private static JsonNode parse(JsonNode current, String text, String variable) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        try {
            if (current.isIntegralNumber()) {
                return nodes.numberNode(Integer.parseInt(text));
            }
            if (current.isNumber()) {
                return nodes.numberNode(Double.parseDouble(text));
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + ": expected a number, was '" + text + "'");
        }
        if (current.isBoolean()) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> nodes.booleanNode(true);
                case "false" -> nodes.booleanNode(false);
                default -> throw new ConfigException(variable + ": expected true or false, was '" + text + "'");
            };
        }
        return nodes.textNode(text);
    }

    private Config bind(ObjectNode tree) {
        String bind = tree.path("bind").asText();
        if (bind.isBlank()) {
            throw new ConfigException("bind: must be an address such as 127.0.0.1 or 0.0.0.0");
        }
        String dataDir = tree.path("dataDir").asText();
        if (dataDir.isBlank()) {
            throw new ConfigException("dataDir: must be a directory path");
        }
        Path dataPath;
        try {
            dataPath = Path.of(dataDir);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException("dataDir: not a valid path: " + e.getMessage());
        }
        // Jackson reads a path containing ':' as a URI; the path is converted here so any file name works.
        tree.put("dataDir", ".");
        try {
            return mapper.treeToValue(tree, Config.class).withDataDir(dataPath);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException config) {
                throw config;
            }
            throw new ConfigException(describe(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(e));
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof ConfigException config) {
                throw config;
            }
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
    }

    private static String describe(JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? mapping.getPath().stream()
                .map(JsonMappingException.Reference::getFieldName).collect(Collectors.joining(".")) : "";
        return (path.isEmpty() ? "invalid configuration" : path) + ": " + e.getOriginalMessage();
    }

    private record Leaf(ObjectNode parent, String name, String variableSuffix) {}

    private static List<Leaf> leaves(ObjectNode node, String prefix) {
        List<Leaf> leaves = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String suffix = prefix + screamingSnake(entry.getKey());
            if (entry.getValue().isObject()) {
                leaves.addAll(leaves((ObjectNode) entry.getValue(), suffix + "_"));
            } else {
                leaves.add(new Leaf(node, entry.getKey(), suffix));
            }
        }
        return leaves;
    }

    static String screamingSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }
}
