package dev.insight.chat.provider;

import dev.insight.chat.analyst.BuiltinAnalyst;
import dev.insight.chat.config.ChatConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;

/** AI_PROVIDER picks the assistant: {@code builtin} (default, offline) or {@code openai} (any compatible API). */
public class ProviderSelection {

    @Produces
    @ApplicationScoped
    AnswerProvider provider(ChatConfig config, Instance<BuiltinAnalyst> builtin,
            Instance<dev.insight.chat.openai.OpenAiProvider> openai) {
        String name = config.provider().strip().toLowerCase(Locale.ROOT);
        AnswerProvider chosen = switch (name) {
            case "builtin" -> builtin.get();
            case "openai" -> openai.get();
            default -> throw new IllegalStateException(
                    "chat.provider (AI_PROVIDER) must be 'builtin' or 'openai', not '" + config.provider() + "'");
        };
        Log.infof("answers come from provider %s (model %s)", chosen.name(), chosen.model());
        return chosen;
    }
}
