import { Controller, Get, Header } from '@nestjs/common';
import { registry } from '#libs/observability';

/** Prometheus scrape endpoint. */
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('content-type', registry.contentType)
  metrics(): Promise<string> {
    return registry.metrics();
  }
}
