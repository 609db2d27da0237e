package dev.insight.memory.context;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import jakarta.enterprise.context.ApplicationScoped;

/** Counts tokens the way OpenAI's chat models do (cl100k_base), so budgets mean what a provider bills. */
@ApplicationScoped
public class TokenCounter {

    private final Encoding encoding = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        // "ordinary": text that happens to contain <|endoftext|> is counted as text, not refused
        return encoding.countTokensOrdinary(text);
    }
}
