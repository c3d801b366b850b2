package dev.gamesessions.store.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * A connection factory that counts what a store asks of its connections: connections,
 * pipelines, and commands sent outside a pipeline (each of which waits for its answer).
 * Round trips are pipelines plus commands outside a pipeline.
 */
final class CountingConnectionFactory implements RedisConnectionFactory {

	private final RedisConnectionFactory delegate;

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger pipelines = new AtomicInteger();

	private final AtomicInteger commandsOutsidePipelines = new AtomicInteger();

	CountingConnectionFactory(RedisConnectionFactory delegate) {
		this.delegate = delegate;
	}

	int connections() {
		return this.connections.get();
	}

	int pipelines() {
		return this.pipelines.get();
	}

	int commandsOutsidePipelines() {
		return this.commandsOutsidePipelines.get();
	}

	int roundTrips() {
		return pipelines() + commandsOutsidePipelines();
	}

	void reset() {
		this.connections.set(0);
		this.pipelines.set(0);
		this.commandsOutsidePipelines.set(0);
	}

	@Override
	public RedisConnection getConnection() {
		RedisConnection connection = this.delegate.getConnection();
		this.connections.incrementAndGet();
		boolean[] pipelined = new boolean[1];
		return (RedisConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RedisConnection.class }, (proxy, method, args) -> {
					String name = method.getName();
					if (name.equals("openPipeline")) {
						pipelined[0] = true;
					}
					else if (name.equals("closePipeline")) {
						pipelined[0] = false;
						this.pipelines.incrementAndGet();
					}
					else if (!pipelined[0] && (name.endsWith("Commands") || name.equals("execute"))) {
						this.commandsOutsidePipelines.incrementAndGet();
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		return this.delegate.getClusterConnection();
	}

	@Override
	public boolean getConvertPipelineAndTxResults() {
		return this.delegate.getConvertPipelineAndTxResults();
	}

	@Override
	public RedisSentinelConnection getSentinelConnection() {
		return this.delegate.getSentinelConnection();
	}

	@Override
	public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		return this.delegate.translateExceptionIfPossible(ex);
	}

}
