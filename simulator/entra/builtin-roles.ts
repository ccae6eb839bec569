// Built-in Entra directory roles (template ids are global constants; for built-in roles the
// role definition id equals the template id, see azure-specs/graph/rbacapplication-list-roledefinitions.json).
import type { RoleDefinition } from '../types.js';

const ROLES: [string, string, string][] = [
  [
    '62e90394-69f5-4237-9190-012177145e10',
    'Global Administrator',
    'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
  ],
  ['29232cdf-9323-42fd-ade2-1d097af3e4de', 'Exchange Administrator', 'Can manage all aspects of the Exchange product.'],
  [
    '31392ffb-586c-42d1-9346-e59415a2cc4e',
    'Exchange Recipient Administrator',
    'Can create or update Exchange Online recipients within the Exchange Online organization.',
  ],
  [
    'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    'Global Reader',
    'Can read everything that a Global Administrator can, but not update anything.',
  ],
  [
    '17315797-102d-40b4-93e0-432062caca18',
    'Compliance Administrator',
    'Can read and manage compliance configuration and reports in Microsoft Entra ID and Microsoft 365.',
  ],
  [
    '194ae4cb-b126-40b2-bd5b-6091b380977d',
    'Security Administrator',
    'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
  ],
  [
    '5d6b6bb7-de71-4623-b4af-96380a352509',
    'Security Reader',
    'Can read security information and reports in Microsoft Entra ID and Office 365.',
  ],
  [
    '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    'Helpdesk Administrator',
    'Can reset passwords for non-administrators and Helpdesk Administrators.',
  ],
  [
    'fe930be7-5e62-47db-91af-98c3a49a38b1',
    'User Administrator',
    'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
  ],
  [
    'e8611ab8-c189-46e8-94e1-60213ab1f814',
    'Privileged Role Administrator',
    'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
  ],
  [
    '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    'Application Administrator',
    'Can create and manage all aspects of app registrations and enterprise apps.',
  ],
  [
    '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    'Directory Readers',
    'Can read basic directory information. Commonly used to grant directory read access to applications and guests.',
  ],
];

export function builtinRoleDefinitions(): RoleDefinition[] {
  return ROLES.map(([id, displayName, description]) => ({
    id,
    templateId: id,
    displayName,
    description,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    version: '1',
    rolePermissions: [{ allowedResourceActions: [], condition: null }],
  }));
}
