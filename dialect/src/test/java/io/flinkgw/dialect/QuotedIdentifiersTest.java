package io.flinkgw.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuotedIdentifiersTest {

    static Stream<Arguments> translations() {
        return Stream.of(
                // what jOOQ's DEFAULT dialect and BI tools render
                arguments("select count(*) \"c\" from (select 1 as \"x\") \"t\"",
                        "select count(*) `c` from (select 1 as `x`) `t`"),
                arguments("select \"t\".\"x\" from (values (1)) as \"t\"(\"x\")",
                        "select `t`.`x` from (values (1)) as `t`(`x`)"),
                arguments("SELECT \"Mixed Case\".\"Id\" FROM \"cat\".\"db\".\"Mixed Case\"",
                        "SELECT `Mixed Case`.`Id` FROM `cat`.`db`.`Mixed Case`"),
                // "" inside is one "; a backtick inside is doubled
                arguments("SELECT 1 AS \"say \"\"hi\"\"\"", "SELECT 1 AS `say \"hi\"`"),
                arguments("SELECT 1 AS \"a`b\"", "SELECT 1 AS `a``b`"),
                arguments("SELECT 1 AS \"\"\"\"", "SELECT 1 AS `\"`"),
                arguments("SELECT 1 AS \"\"", "SELECT 1 AS ``"),
                // identifiers glued to neighbours stay glued: the quotes delimited them already
                arguments("SELECT \"a\"\n,\"b\"FROM\"t\"", "SELECT `a`\n,`b`FROM`t`"),
                // string literals, with every form Flink lexes, are copied as written
                arguments("SELECT 'say \"hi\"' AS \"greeting\"", "SELECT 'say \"hi\"' AS `greeting`"),
                arguments("SELECT 'it''s \"x\"', \"y\"", "SELECT 'it''s \"x\"', `y`"),
                arguments("SELECT E'\\' \"x\"', \"y\"", "SELECT E'\\' \"x\"', `y`"),
                arguments("SELECT X'22', N'\"n\"', U&'\"u\"', _UTF16'\"c\"' AS \"v\"",
                        "SELECT X'22', N'\"n\"', U&'\"u\"', _UTF16'\"c\"' AS `v`"),
                // backslash is ordinary in a plain literal, so the literal ends at the second quote
                arguments("SELECT 'a\\', \"b\"", "SELECT 'a\\', `b`"),
                // existing backtick identifiers keep working, with double quotes inside them
                arguments("SELECT `a\"b`, \"c\" FROM `t`", "SELECT `a\"b`, `c` FROM `t`"),
                arguments("SELECT `it``s`, \"x\"", "SELECT `it``s`, `x`"),
                // comments are copied as written
                arguments("SELECT \"a\" -- \"not\" 'an identifier\n, \"b\"", "SELECT `a` -- \"not\" 'an identifier\n, `b`"),
                arguments("SELECT /* \"x\" ' */ \"y\"", "SELECT /* \"x\" ' */ `y`"),
                arguments("SELECT \"a\" // \"x\"\r, \"b\"", "SELECT `a` // \"x\"\r, `b`"),
                // hints are tokens to Flink: their identifiers are translated
                arguments("SELECT /*+ OPTIONS('k'='\"v\"') */ \"a\" FROM \"t\" /*+ X(\"t\") */",
                        "SELECT /*+ OPTIONS('k'='\"v\"') */ `a` FROM `t` /*+ X(`t`) */"),
                // quotes nest only as escapes: a literal inside an identifier is part of its name
                arguments("SELECT \"it's\", 'x'", "SELECT `it's`, 'x'"),
                arguments("SELECT \"--x\", \"/*y*/\", 1", "SELECT `--x`, `/*y*/`, 1"),
                // JDBC escape braces and ? inside an identifier are part of its name
                arguments("SELECT \"{fn x}\", \"?\"", "SELECT `{fn x}`, `?`"),
                // unterminated input: what is complete is translated, the rest left for Flink to report
                arguments("SELECT \"a\", \"b", "SELECT `a`, \"b"),
                arguments("SELECT \"a\", 'b \"c\"", "SELECT `a`, 'b \"c\""),
                arguments("SELECT \"a\" /* \"b\"", "SELECT `a` /* \"b\""),
                arguments("SELECT `a \"b\"", "SELECT `a \"b\""),
                arguments("\"", "\""),
                arguments("SELECT \"a\"\"", "SELECT \"a\"\""));
    }

    @ParameterizedTest
    @MethodSource("translations")
    void translatesDoubleQuotedIdentifiersOnly(String sql, String expected) {
        assertThat(QuotedIdentifiers.translate(sql)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT `x` FROM `t`",
        "SELECT 'say \"hi\"'",
        "SELECT 1 -- \"x\"",
        "SELECT 1 /* \"x\" */",
        "SELECT E'\\'\"'",
        ""
    })
    void textWithoutDoubleQuotedIdentifiersIsReturnedAsIs(String sql) {
        assertThat(QuotedIdentifiers.translate(sql)).isEqualTo(sql);
    }

    @Test
    void escapesInsideQuotedIdentifiersAreNotEscapes() {
        assertThat(SqlNormalizer.normalize("SELECT {fn UCASE(\"Name\")} AS \"{d x}\" FROM \"t\""))
                .isEqualTo("SELECT UPPER(`Name`) AS `{d x}` FROM `t`");
    }

    @Test
    void normalizingTwiceChangesNothingMore() {
        String once = SqlNormalizer.normalize("SELECT \"a\"\"b\", {d '2024-01-02'}, '\"' FROM \"t`\"");
        assertThat(once).isEqualTo("SELECT `a\"b`, DATE '2024-01-02', '\"' FROM `t```");
        assertThat(SqlNormalizer.normalize(once)).isEqualTo(once);
    }

    @Test
    void neverThrowsAndKeepsLiteralsAndBackticksOfRandomInput() {
        Random random = new Random(20240607L);
        String alphabet = "\"'`-/*+\\Eea ?{}\n";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder sql = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                sql.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String translated = QuotedIdentifiers.translate(sql.toString());
            // the translation only ever turns " into ` (and merges "" or doubles `), never touches other characters
            assertThat(translated.replaceAll("[\"`]", "")).isEqualTo(sql.toString().replaceAll("[\"`]", ""));
            assertThat(SqlParameters.count(translated)).isEqualTo(SqlParameters.count(sql.toString()));
        }
    }
}
