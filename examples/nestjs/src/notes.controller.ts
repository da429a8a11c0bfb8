import { Controller, Get, Post, Req, UseGuards } from '@nestjs/common';
import { patAuthInfo } from '@patgate/middleware';
import type { Request } from 'express';
import { PatAuthGuard } from './pat-auth.guard.js';
import { RequireScopes, ScopesGuard } from './scopes.guard.js';

@Controller('notes')
@UseGuards(PatAuthGuard, ScopesGuard)
export class NotesController {
  @Get()
  @RequireScopes(['notes:read'])
  list(@Req() req: Request) {
    return { user: req.user, scopes: patAuthInfo(req)?.scopes, notes: [] };
  }

  @Post()
  @RequireScopes(['notes:write'])
  create(@Req() req: Request) {
    return { created: true, by: req.user };
  }
}
