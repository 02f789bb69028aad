package dev.ourahrvsync.springboot;

import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The sync in a Spring Boot host: its routes and beans join the host's CamelContext. The defaults come from
 * {@link OuraSyncDefaultSettings}, the masking from {@link OuraSyncLogMasking}.
 */
@AutoConfiguration(before = CamelAutoConfiguration.class)
@ConditionalOnClass(CamelContextConfiguration.class)
public class OuraSyncAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(OuraSyncRoutes.class)
    public OuraSyncRoutes ouraSyncRoutes() {
        return new OuraSyncRoutes();
    }
}
