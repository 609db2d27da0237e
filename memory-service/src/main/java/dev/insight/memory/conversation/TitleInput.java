package dev.insight.memory.conversation;

/** Body of POST (title optional) and PATCH (title required) on conversations. */
public record TitleInput(String title) {
}
