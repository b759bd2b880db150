export { OutboundPolicy, OutboundPolicyError, createOutboundPolicy, type OutboundPolicyOptions, type OutboundRequestInit, type Resolver } from "./policy";
export { parseAllowList, AllowListError, type AllowEntry } from "./allow-list";
export { refusingRule, parseAddress, type AddressRule } from "./address-rules";
export { urlUnderBase } from "./url";
