import type { OrganisationSettingsBody, OrganisationSettingsView } from '@newsroom/domain/api/organisation.ts';
import type { Api } from './api.ts';

export type { OrganisationSettingsBody, OrganisationSettingsView };

/** The organisation settings on the editor's authenticated client: every editor reads them (forms print them), administrators save. */
export function organisationApi(api: Api) {
  return {
    read: () => api.request<OrganisationSettingsView>('GET', '/settings/organisation'),
    save: (body: OrganisationSettingsBody) => api.request<OrganisationSettingsView>('PUT', '/settings/organisation', body),
  };
}
