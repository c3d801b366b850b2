package dev.gamesessions.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link StoreNotAvailableException} at startup.
 */
class StoreNotAvailableFailureAnalyzer extends AbstractFailureAnalyzer<StoreNotAvailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StoreNotAvailableException cause) {
		return new FailureAnalysis(cause.getMessage() + ".", cause.getAction(), cause);
	}

}
