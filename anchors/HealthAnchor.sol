// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title HealthAnchor — public anchors for medledger's signed Merkle ledger (RFC 9162 tree heads).
/// @notice One transaction per anchored ledger block: an authorized anchorer sends the raw calldata
///   `root (32 bytes) || treeSize (1..8 bytes, big-endian, no leading zero bytes)` to this contract,
///   which emits `Anchored(treeSize, root)`. Nothing is stored: verifiers read the events by log filter
///   (topic1 = treeSize). The anchorers are immutable (no SLOAD on the hot path); a new set of anchorers
///   means a new deployment. There are deliberately no external functions: any 4-byte selector could
///   collide with the first bytes of a root.
/// @dev Gas per anchor (cancun, optimizer on), measured by test/evm/gas.int.test.ts: 23,218 at treeSize 1,024
///   (21,000 intrinsic + 548 calldata + the log and two comparisons) = 22.7 gas per record of that block.
contract HealthAnchor {
    /// @notice A ledger tree head: the tree over the first `treeSize` entries has root `root`.
    event Anchored(uint64 indexed treeSize, bytes32 root);

    /// @notice Emitted once, at deployment, naming who may anchor (unused slots are address(0)).
    event AnchorersSet(address anchorer0, address anchorer1, address anchorer2);

    error Unauthorized();
    error BadCalldata();

    address private immutable ANCHORER0;
    address private immutable ANCHORER1;
    address private immutable ANCHORER2;

    /// @param anchorer0 the first authorized anchorer (required)
    /// @param anchorer1 a second one, or address(0)
    /// @param anchorer2 a third one, or address(0)
    constructor(address anchorer0, address anchorer1, address anchorer2) {
        if (anchorer0 == address(0)) revert Unauthorized();
        ANCHORER0 = anchorer0;
        ANCHORER1 = anchorer1;
        ANCHORER2 = anchorer2;
        emit AnchorersSet(anchorer0, anchorer1, anchorer2);
    }

    /// @notice Anchors one tree head; reverts Unauthorized for anyone but the anchorers and
    ///   BadCalldata unless the calldata is 33..40 bytes with a non-zero treeSize.
    fallback() external {
        // address(0) can never be msg.sender, so unused slots never authorize anyone.
        if (msg.sender != ANCHORER0 && msg.sender != ANCHORER1 && msg.sender != ANCHORER2) revert Unauthorized();
        if (msg.data.length < 33 || msg.data.length > 40) revert BadCalldata();
        bytes32 root;
        uint256 treeSize;
        assembly {
            root := calldataload(0)
            // The 1..8 treeSize bytes start at offset 32; shift out the zero padding calldataload adds.
            treeSize := shr(mul(8, sub(64, calldatasize())), calldataload(32))
        }
        if (treeSize == 0) revert BadCalldata();
        emit Anchored(uint64(treeSize), root);
    }
}
