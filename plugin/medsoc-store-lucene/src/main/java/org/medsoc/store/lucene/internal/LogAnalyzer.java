package org.medsoc.store.lucene.internal;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;

/**
 * The analyzer of {@code TEXT} fields: {@link LogTokenizer} (lowercase words of letters and digits, CJK characters
 * one by one). Wildcard, prefix and range terms of queries on text fields are lowercased ({@link #normalize}).
 */
public final class LogAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
        return new TokenStreamComponents(new LogTokenizer());
    }

    @Override
    protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
    }
}
