package dev.insight.memory.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private final TokenCounter counter = new TokenCounter();

    @Test
    void countsLikeCl100kBase() {
        // reference counts from OpenAI's tiktoken, cl100k_base
        assertThat(counter.count("hello world")).isEqualTo(2);
        assertThat(counter.count("tiktoken is great!")).isEqualTo(6);
        assertThat(counter.count("")).isZero();
        assertThat(counter.count(null)).isZero();
    }

    @Test
    void countsSpecialTokensAsText() {
        assertThat(counter.count("<|endoftext|>")).isGreaterThan(1);
    }
}
