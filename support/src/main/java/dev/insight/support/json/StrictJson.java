package dev.insight.support.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Strict JSON input: a number where text is expected (or text where a number is) is a 400, not a guess, and so is
 * a key given twice ({"role":"user","role":"tool"}): which one was meant cannot be known; and so is anything after
 * the document, and a field the body's type does not have ({"titel": …}): a typo must not silently drop what the
 * caller sent.
 * <p>
 * What the services read back from their own stores (caches, stored summaries) and the answers of other services
 * are read with {@link #LENIENT} instead: a field added by a newer version, or left by an older one, is not an error
 * there.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** For data the suite wrote itself or a peer service's answer: unknown fields are skipped. */
    public static final DeserializationFeature LENIENT = DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        // {"title":"a"} garbage, {"title":"a"}{"title":"b"}: not one JSON document
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
}
