package dev.insight.chat.provider;

import dev.insight.chat.analyst.BuiltinAnalyst;
import dev.insight.chat.config.ChatConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;

/** AI_PROVIDER picks the assistant: {@code builtin} (default, offline) or {@code openai} (any compatible API). */
@ApplicationScoped
public class ProviderSelection {

    /** A misspelt AI_PROVIDER stops the service at start-up rather than failing every question. */
    void checkAtStartup(@Observes StartupEvent event, AnswerProvider provider) {
        Log.infof("answers come from provider %s (model %s)", provider.name(), provider.model());
    }

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
        return chosen;
    }
}
