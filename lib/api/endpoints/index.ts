import type { AnyEndpoint } from "../endpoint";
import { listAuditLogEndpoint } from "./audit-log";
import {
  cancelInvitationEndpoint,
  createInvitationEndpoint,
  getInvitationEndpoint,
  inviteManyEndpoint,
  listInvitationsEndpoint,
  resendInvitationEndpoint,
} from "./invitations";
import { changeMemberRoleEndpoint, listMembersEndpoint, removeMemberEndpoint } from "./members";
import { getOrganizationEndpoint, transferOwnershipEndpoint } from "./organization";
import { listEventsEndpoint } from "./events";
import {
  createWebhookEndpointEndpoint,
  deleteWebhookEndpointEndpoint,
  getWebhookEndpointEndpoint,
  listWebhookAttemptsEndpoint,
  listWebhooksEndpoint,
  redeliverWebhookEventEndpoint,
  rotateWebhookSecretEndpoint,
  sendWebhookTestEventEndpoint,
  updateWebhookEndpointEndpoint,
} from "./webhooks";

/** Every /api/v1 operation, in the order the documentation lists them. */
export const ENDPOINTS: AnyEndpoint[] = [
  getOrganizationEndpoint,
  transferOwnershipEndpoint,
  listMembersEndpoint,
  changeMemberRoleEndpoint,
  removeMemberEndpoint,
  listInvitationsEndpoint,
  createInvitationEndpoint,
  inviteManyEndpoint,
  getInvitationEndpoint,
  cancelInvitationEndpoint,
  resendInvitationEndpoint,
  listAuditLogEndpoint,
  listEventsEndpoint,
  listWebhooksEndpoint,
  createWebhookEndpointEndpoint,
  getWebhookEndpointEndpoint,
  updateWebhookEndpointEndpoint,
  deleteWebhookEndpointEndpoint,
  rotateWebhookSecretEndpoint,
  sendWebhookTestEventEndpoint,
  redeliverWebhookEventEndpoint,
  listWebhookAttemptsEndpoint,
];
