package dev.gamesessions.benchmarks.websocket;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

import dev.gamesessions.autoconfigure.websocket.GameMessageHandler;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * The echo server the WebSocket load driver measures, in two modes on one classpath:
 * {@code bench.mode=sessions} is the starter's endpoint ({@code game.sessions.websocket.path=/play})
 * with a {@link GameMessageHandler} that echoes; {@code bench.mode=plain} is a plain Spring
 * {@code WebSocketHandler} at {@code /play} that echoes, without sessions. Each runs on
 * Tomcat (servlet, the default) or, with {@code spring.main.web-application-type=reactive},
 * on WebFlux and Reactor Netty: the starter's reactive endpoint, or a plain reactive
 * {@code WebSocketHandler}.
 */
@SpringBootApplication
public class WebSocketBenchApp {

	public static void main(String[] args) {
		SpringApplication.run(WebSocketBenchApp.class, args);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.mode", havingValue = "sessions")
	static class WithSessions {

		@Bean
		GameMessageHandler echo() {
			return (session, message) -> session.client().send(message);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.mode", havingValue = "plain")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@EnableWebSocket
	static class Plain {

		@Bean
		WebSocketConfigurer plainEndpoint() {
			return (registry) -> registry.addHandler(new TextWebSocketHandler() {

				@Override
				protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
					session.sendMessage(message);
				}

			}, "/play");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.mode", havingValue = "plain")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class PlainReactive {

		@Bean
		HandlerMapping plainReactiveEndpoint() {
			WebSocketHandler echo = (session) -> session
				.send(session.receive().map((message) -> session.textMessage(message.getPayloadAsText())));
			return new SimpleUrlHandlerMapping(Map.of("/play", echo), -1);
		}

	}

	/**
	 * What the benchmark reads: readiness, the used heap after collections, the CPU
	 * time this process has used, and the bytes its threads have allocated.
	 */
	@RestController
	static class Probe {

		private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

		private final OperatingSystemMXBean system = ManagementFactory
			.getPlatformMXBean(OperatingSystemMXBean.class);

		private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();

		@GetMapping("/bench/ready")
		String ready() {
			return "ok";
		}

		@GetMapping("/bench/heap")
		long usedHeapAfterGc() throws InterruptedException {
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(200);
			}
			return this.memory.getHeapMemoryUsage().getUsed();
		}

		@GetMapping("/bench/cpu")
		long processCpuNanos() {
			return this.system.getProcessCpuTime();
		}

		/**
		 * The bytes the live threads of this process have allocated so far: the difference
		 * over a phase, divided by its messages, is the allocation per message (threads
		 * that ended during the phase are missed; Tomcat's and the engine's pools keep theirs).
		 */
		@GetMapping("/bench/alloc")
		long allocatedBytes() {
			long[] ids = this.threads.getAllThreadIds();
			long sum = 0;
			for (long allocated : this.threads.getThreadAllocatedBytes(ids)) {
				sum += Math.max(0, allocated);
			}
			return sum;
		}

	}

}
